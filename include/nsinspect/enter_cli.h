/* The --enter command line (src/enter_cli.c), called from main(). */
#ifndef NSINSPECT_ENTER_CLI_H
#define NSINSPECT_ENTER_CLI_H

#include <stdbool.h>

/* Does the command line ask for --enter (before any "--")? */
bool nsi_enter_requested(int argc, char **argv);

/* Parse the whole command line as --enter's, enter, run; returns the exit status. */
int nsi_enter_main(int argc, char **argv);

#endif
