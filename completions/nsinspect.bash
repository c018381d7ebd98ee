# bash completion for nsinspect(8)                          -*- shell-script -*-
#
# Install as /usr/share/bash-completion/completions/nsinspect, or source it.
# Works with or without the bash-completion package.

# columns: keep in sync with nsinspect --list-columns --raw
_nsinspect_columns='NS TYPE NPROCS PID PPID UID USER COMMAND PATH PNS ONS OWNER NSFS IPNETNS NETNSID NS_ID NS_DEV HOLDERS CONTAINER CONTAINER_ID ENGINE POD POD_NAMESPACE IMAGE'
# namespace types: keep in sync with nsinspect --help
_nsinspect_types='mnt uts ipc pid net user cgroup time'

# Complete the last item of a comma-separated list.  $1 is the word being
# completed, $2 the allowed items; $3 is "plus" when a leading '+' is
# allowed (nsinspect -o +LIST).  Items already in the list are not offered.
_nsinspect_complete_list()
{
	local cur=$1 items=$2 plus=$3 lead='' done_part='' last item seen
	local -a out=()

	if [[ $plus == plus && $cur == +* ]]; then
		lead=+
		cur=${cur#+}
	fi
	if [[ $cur == *,* ]]; then
		done_part=${cur%,*},
		last=${cur##*,}
	else
		last=$cur
	fi
	# column names are case-insensitive: follow the case the user started with
	[[ $last == [[:lower:]]* ]] && items=${items,,}

	for item in $items; do
		[[ $item == "$last"* ]] || continue
		seen=0
		case ",${done_part}" in *",$item,"*) seen=1 ;; esac
		((seen)) || out+=("$lead$done_part$item")
	done
	COMPREPLY=("${out[@]}")
	# let the user type ',' to go on with the list
	compopt -o nospace 2>/dev/null
}

# After --enter: its target, its options, then any command.
_nsinspect_enter()
{
	local cur=$1 prev=$2

	case $prev in
	--enter)
		# a PID, a container, or an nsfs path
		if [[ $cur == /* || $cur == .* ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		elif [[ $cur == [0-9]* ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && shopt -s nullglob &&
				printf '%s\n' [0-9]*)" -- "$cur")
		else
			# containers, and ip netns names
			mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" --list --noheadings --raw \
				--output CONTAINER 2>/dev/null | sort -u; cd /run/netns 2>/dev/null &&
				shopt -s nullglob && printf '%s\n' *)" -- "$cur")
		fi
		return
		;;
	-S | --setuid | -G | --setgid | -N | --net-socket)
		return
		;;
	-t | --target)
		mapfile -t COMPREPLY < <(compgen -W "$(cd /proc && shopt -s nullglob && printf '%s\n' [0-9]*)" -- "$cur")
		return
		;;
	-W | --wdns)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	--docker-root)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		return
		;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W '-t -a -m -u -i -n -p -U -C -T -N -r -w -W -e -c -S -G -F
			--target --all --mount --uts --ipc --net --pid --user --cgroup --time --net-socket
			--user-parent --root --wd --wdns --env --join-cgroup --setuid --setgid
			--preserve-credentials --no-fork --docker-root' -- "$cur")
	else
		mapfile -t COMPREPLY < <(compgen -c -- "$cur")
	fi
}

_nsinspect()
{
	local cur prev opt sysroot='' eqprefix='' eq=0 i

	cur=${COMP_WORDS[COMP_CWORD]}
	prev=''
	((COMP_CWORD > 0)) && prev=${COMP_WORDS[COMP_CWORD - 1]}
	opt=$prev

	# "--output=NS,TY": bash splits at '=' (COMP_WORDBREAKS), giving the
	# words "--output" "=" "NS,TY" (or "--output" "=" while on the '=').
	if [[ $cur == = && $prev == --* ]]; then
		opt=$prev
		cur=''
		eq=1
	elif [[ $prev == = ]] && ((COMP_CWORD > 1)); then
		opt=${COMP_WORDS[COMP_CWORD - 2]}
		eq=1
	elif [[ $cur == --*=* ]]; then
		# COMP_WORDBREAKS without '=': the reply must keep "--output="
		opt=${cur%%=*}
		eqprefix=$opt=
		cur=${cur#*=}
		eq=1
	fi

	# --enter has its own options, and the command after them is not ours
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--enter | --enter=*)
			_nsinspect_enter "$cur" "$prev"
			return 0
			;;
		esac
	done

	# a --sysroot earlier on the line changes where PIDs and NSIDs come from
	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		--sysroot)
			if [[ ${COMP_WORDS[i + 1]} == = ]]; then
				sysroot=${COMP_WORDS[i + 2]}
			else
				sysroot=${COMP_WORDS[i + 1]}
			fi
			;;
		--sysroot=*)
			sysroot=${COMP_WORDS[i]#--sysroot=}
			;;
		esac
	done

	# --tree=REL: after an '=' the word can only be the relation
	if [[ $opt == --tree ]] && ((eq)); then
		mapfile -t COMPREPLY < <(compgen -W 'process owner parent' -- "$cur")
		COMPREPLY=("${COMPREPLY[@]/#/$eqprefix}")
		return 0
	fi

	case $opt in
	-t | --type)
		_nsinspect_complete_list "$cur" "$_nsinspect_types"
		;;
	-o | --output)
		_nsinspect_complete_list "$cur" "$_nsinspect_columns" plus
		;;
	-p | --task)
		mapfile -t COMPREPLY < <(compgen -W "$(cd "$sysroot/proc" 2>/dev/null &&
			shopt -s nullglob && printf '%s\n' [0-9]*)" -- "$cur")
		;;
	-c | --container)
		# the names of the containers whose namespaces are listed
		mapfile -t COMPREPLY < <(compgen -W "$("${COMP_WORDS[0]}" ${sysroot:+--sysroot "$sysroot"} \
			--list --noheadings --raw --output CONTAINER 2>/dev/null | sort -u)" -- "$cur")
		;;
	--sysroot | --docker-root)
		compopt -o filenames 2>/dev/null
		mapfile -t COMPREPLY < <(compgen -d -- "$cur")
		;;
	-Q | --filter)
		# an expression: the column names it may start with
		mapfile -t COMPREPLY < <(compgen -W "$_nsinspect_columns" -- "$cur")
		;;
	--color)
		# only --color=WHEN takes a value; "--color WHEN" would be an NSID
		if ((eq)); then
			mapfile -t COMPREPLY < <(compgen -W 'auto always never' -- "$cur")
		else
			opt=''
		fi
		;;
	--watch)
		# only --watch=SECONDS takes a value: offer nothing to pick
		[[ -n $eqprefix || $cur == = || $prev == = ]] || opt=''
		;;
	--metrics)
		# only --metrics=FILE takes a file; "--metrics FILE" is a NSID
		if [[ -n $eqprefix || $cur == = || $prev == = ]]; then
			compopt -o filenames 2>/dev/null
			mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		else
			opt=''
		fi
		;;
	-h | --help | -V | --version)
		return 0
		;;
	*)
		opt=''
		;;
	esac
	if [[ -n $opt ]]; then
		[[ -n $eqprefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$eqprefix}")
		return 0
	fi

	# -T owner / --tree=owner: the relation is optional
	if [[ $prev == -T || $prev == --tree ]]; then
		mapfile -t COMPREPLY < <(compgen -W 'process owner parent' -- "$cur")
		[[ ${#COMPREPLY[@]} -gt 0 ]] && return 0
	fi

	case $cur in
	--*)
		mapfile -t COMPREPLY < <(compgen -W '--json --json-lines --list --noheadings --output
			--output-all --task --container --persistent --deep --raw --type
			--notruncate --nowrap --list-columns --tree --graph --sysroot --docker-root
			--color --compare --metrics --watch --enter --quiet --filter --help --version' -- "$cur")
		return 0
		;;
	-*)
		mapfile -t COMPREPLY < <(compgen -W '-J -l -n -o -p -c -P -r -t -u -W -H -T -q -Q -h -V
			--json --json-lines --list --noheadings --output --output-all --task --container
			--persistent --deep --raw --type --notruncate --nowrap
			--list-columns --tree --graph --color --sysroot --docker-root --compare --metrics
			--watch --enter --quiet --filter --help --version' -- "$cur")
		return 0
		;;
	esac

	# --compare targets: PIDs, or the names of running containers
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == --compare ]]; then
			mapfile -t COMPREPLY < <(compgen -W "$(cd "$sysroot/proc" 2>/dev/null &&
				shopt -s nullglob && printf '%s\n' [0-9]*)
				$("${COMP_WORDS[0]}" ${sysroot:+--sysroot "$sysroot"} --list --noheadings --raw \
				--output CONTAINER 2>/dev/null | sort -u)" -- "$cur")
			return 0
		fi
	done

	# NSID arguments: the inode numbers of the namespaces in use
	local nsids
	nsids=$("${COMP_WORDS[0]}" ${sysroot:+--sysroot "$sysroot"} --list --noheadings --raw --output NS 2>/dev/null)
	mapfile -t COMPREPLY < <(compgen -W "$nsids" -- "$cur")
	return 0
}

complete -F _nsinspect nsinspect

# ex: filetype=sh
