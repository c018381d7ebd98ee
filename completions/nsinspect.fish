# fish completion for nsinspect(8).
# Install as ~/.config/fish/completions/nsinspect.fish or in
# /usr/share/fish/vendor_completions.d/.

function __nsinspect_columns
# columns: keep in sync with nsinspect --list-columns --raw
    printf '%s\n' NS TYPE NPROCS PID PPID UID USER COMMAND PATH PNS ONS OWNER NSFS IPNETNS NETNSID NS_ID NS_DEV HOLDERS CONTAINER CONTAINER_ID ENGINE POD POD_NAMESPACE IMAGE
end

function __nsinspect_types
    # namespace types: keep in sync with nsinspect --help
    printf '%s\n' mnt uts ipc pid net user cgroup time
end

# Print completions for the last item of a comma-separated list: the
# items of the list read from stdin, each prefixed by what is already
# typed before the last comma.  --plus: a leading '+' is allowed.
# --desc=TEXT: the description shown beside each item.
function __nsinspect_complete_list
    set -l items
    while read -l item
        set -a items $item
    end
    set -l tok (commandline -ct)
    # "--type=net,u" and "-tnet,u": keep only the value
    set tok (string replace -r -- '^--[a-z-]+=' '' $tok)
    set tok (string replace -r -- '^-[a-zA-Z]' '' $tok)
    set -l lead ''
    if contains -- --plus $argv; and string match -q -- '+*' $tok
        set lead '+'
        set tok (string sub -s 2 -- $tok)
    end
    set -l done_part ''
    if string match -q -- '*,*' $tok
        set done_part (string replace -r -- ',[^,]*$' ',' $tok)
    end
    set -l desc (string replace -f -- --desc= '' $argv)
    set -l used (string split -- ',' (string upper -- $done_part))
    for item in $items
        contains -- (string upper -- $item) $used; and continue
        printf '%s%s%s\t%s\n' $lead $done_part $item "$desc"
    end
end

# The directory given with --sysroot on the line, if any.
function __nsinspect_sysroot
    set -l words (commandline -opc)
    set -l root ''
    for i in (seq (count $words))
        switch $words[$i]
            case --sysroot
                set -l j (math $i + 1)
                test $j -le (count $words); and set root $words[$j]
            case '--sysroot=*'
                set root (string replace -- --sysroot= '' $words[$i])
        end
    end
    echo $root
end

function __nsinspect_pids
    set -l root (__nsinspect_sysroot)
    # fish globs have no [0-9]: take every entry and keep the numbers
    for d in $root/proc/*
        set -l pid (string replace -r -- '.*/' '' $d)
        string match -qr -- '^[0-9]+$' $pid; or continue
        set -l comm
        test -r $d/comm; and read comm <$d/comm
        printf '%s\t%s\n' $pid "$comm"
    end
end

# Run this nsinspect (with the line's --sysroot) for a flat list of OUTPUT columns.
function __nsinspect_query
    set -l cmd (commandline -opc)[1]
    command -q -- $cmd; or return
    set -l root (__nsinspect_sysroot)
    set -l sys
    test -n "$root"; and set sys --sysroot $root
    $cmd $sys --list --noheadings --raw --output $argv[1] 2>/dev/null
end

function __nsinspect_nsids
    __nsinspect_query NS,TYPE | string replace ' ' \t
end

function __nsinspect_containers
    __nsinspect_query CONTAINER | string match -v '' | sort -u
end

complete -c nsinspect -f

complete -c nsinspect -s J -l json -d 'Use JSON output'
complete -c nsinspect -l json-lines -d 'JSON, one object per row on a line of its own'
complete -c nsinspect -s l -l list -d 'Flat list instead of the process tree'
complete -c nsinspect -s n -l noheadings -d 'Do not print the header line'
complete -c nsinspect -s o -l output -x -d 'Columns to print (+LIST adds to the default)' \
    -a '(__nsinspect_columns | __nsinspect_complete_list --plus --desc=column)'
complete -c nsinspect -l output-all -d 'Print all columns'
complete -c nsinspect -s p -l task -x -d 'Only the namespaces of this process' \
    -a '(__nsinspect_pids)'
complete -c nsinspect -s c -l container -x -d 'Only the namespaces of this container' \
    -a '(__nsinspect_containers)'
complete -c nsinspect -s P -l persistent -d 'Only namespaces no process is in'
complete -c nsinspect -l metrics -d 'Prometheus text format (--metrics=FILE: replace FILE)'
complete -c nsinspect -l watch -d 'Scan every SECONDS (--watch=SECONDS), a JSON line per change'
complete -c nsinspect -l color -f -a 'auto always never' -d 'Colour tables: auto (on a terminal), always or never'
complete -c nsinspect -l graph -d 'The hierarchy as Graphviz DOT: owners, parents, containers'
complete -c nsinspect -l deep -d 'Also scan every thread, fd and mount namespace'
complete -c nsinspect -s r -l raw -d 'Use raw output'
complete -c nsinspect -s t -l type -x -d 'Only namespaces of these types' \
    -a '(__nsinspect_types | __nsinspect_complete_list --desc="namespace type")'
complete -c nsinspect -s u -l notruncate -d 'Do not truncate text in columns'
complete -c nsinspect -s q -l quiet -d 'Print no warnings'
complete -c nsinspect -s Q -l filter -x -d 'Only the rows an expression matches (scols-filter(5))'
complete -c nsinspect -s W -l nowrap -d 'Never wrap text over several lines in a cell'
complete -c nsinspect -s H -l list-columns -d 'List the available columns'
complete -c nsinspect -s T -l tree -a 'process owner parent' -d 'Tree by process, owner or parent (-T alone: owner)'
complete -c nsinspect -l sysroot -x -d "Read DIR/proc and the engines' state below DIR" \
    -a '(__fish_complete_directories)'
complete -c nsinspect -l docker-root -x -d "Docker's data root" \
    -a '(__fish_complete_directories)'

# ip netns names, as --enter and NSIDs take them
function __nsinspect_netns
    test -d /run/netns; and path basename /run/netns/* 2>/dev/null
end

# --enter TARGET [nsenter-like options] [-- COMMAND]
function __nsinspect_entering
    contains -- --enter (commandline -opc)
end
complete -c nsinspect -l enter -r -d 'Run a command in the namespaces of a PID, container, namespace or nsfs path' \
    -a '(__nsinspect_pids; __nsinspect_containers; __nsinspect_netns; __fish_complete_path)'
complete -c nsinspect -n __nsinspect_entering -l docker-root -x -d "Docker's data root" \
    -a '(__fish_complete_directories)'
complete -c nsinspect -n __nsinspect_entering -s a -l all -d 'All namespaces that differ from ours'
complete -c nsinspect -n __nsinspect_entering -s m -l mount -d 'Enter the mount namespace'
complete -c nsinspect -n __nsinspect_entering -s u -l uts -d 'Enter the UTS namespace'
complete -c nsinspect -n __nsinspect_entering -s i -l ipc -d 'Enter the IPC namespace'
complete -c nsinspect -n __nsinspect_entering -s n -l net -d 'Enter the network namespace'
complete -c nsinspect -n __nsinspect_entering -s p -l pid -d 'Enter the PID namespace'
complete -c nsinspect -n __nsinspect_entering -s U -l user -d 'Enter the user namespace'
complete -c nsinspect -n __nsinspect_entering -s C -l cgroup -d 'Enter the cgroup namespace'
complete -c nsinspect -n __nsinspect_entering -s T -l time -d 'Enter the time namespace'
complete -c nsinspect -n __nsinspect_entering -s t -l target -x -d 'The target PID, as nsenter takes it' -a '(__nsinspect_pids)'
complete -c nsinspect -n __nsinspect_entering -s N -l net-socket -x -d "The network namespace of the target's socket fd"
complete -c nsinspect -n __nsinspect_entering -l user-parent -d "The parent of the target's user namespace"
complete -c nsinspect -n __nsinspect_entering -s r -l root -d "Use the target's root directory (or =DIR)"
complete -c nsinspect -n __nsinspect_entering -s w -l wd -d "Use the target's working directory (or =DIR)"
complete -c nsinspect -n __nsinspect_entering -s W -l wdns -x -d 'This working directory, inside' -a '(__fish_complete_directories)'
complete -c nsinspect -n __nsinspect_entering -s e -l env -d "The target's environment"
complete -c nsinspect -n __nsinspect_entering -s c -l join-cgroup -d "Join the target's cgroup"
complete -c nsinspect -n __nsinspect_entering -s S -l setuid -x -d 'Set the UID'
complete -c nsinspect -n __nsinspect_entering -s G -l setgid -x -d 'Set the GID'
complete -c nsinspect -n __nsinspect_entering -l preserve-credentials -d 'Keep our UID and GID in an entered user namespace'
complete -c nsinspect -n __nsinspect_entering -s F -l no-fork -d 'Do not fork before running the command'
complete -c nsinspect -s h -l help -d 'Display help and exit'
complete -c nsinspect -s V -l version -d 'Display version and exit'

# --compare A B...: PIDs and containers; otherwise NSID arguments, the
# namespaces in use with their type as description
function __nsinspect_comparing
    contains -- --compare (commandline -opc)
end
complete -c nsinspect -l compare -d 'Do these PIDs or containers share their namespaces?'
complete -c nsinspect -n __nsinspect_comparing -a '(__nsinspect_pids; __nsinspect_containers)'
complete -c nsinspect -n 'not __nsinspect_comparing' -a '(__nsinspect_nsids)'
