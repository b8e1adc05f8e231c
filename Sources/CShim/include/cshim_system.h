// Process and file helpers for ExoSystem: GNU spawn extensions and the wait-status
// macros, which Swift cannot import (they are macros or need _GNU_SOURCE).
#ifndef CSHIM_SYSTEM_H
#define CSHIM_SYSTEM_H
#include <spawn.h>
#include <sys/types.h>

/// Closes every descriptor >= `from` in the child (glibc >= 2.34).
int cshim_spawn_addclosefrom(posix_spawn_file_actions_t *actions, int from);
/// POSIX_SPAWN_SETSID (glibc >= 2.26).
short cshim_spawn_flag_setsid(void);
/// Blocks until `pid` has exited without reaping it (waitid WEXITED|WNOWAIT); 0 or -1/errno.
int cshim_wait_exited_nowait(pid_t pid);
/// Decodes a waitpid status: returns 1 and sets *code for a normal exit, 2 and sets *code
/// to the signal for a signal death, 0 otherwise (stopped/continued).
int cshim_decode_wait_status(int status, int *code);
#endif
