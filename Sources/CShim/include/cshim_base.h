// Glibc APIs that Swift's Glibc module does not expose (they need _GNU_SOURCE or
// live in headers it omits). Each area adds its own header in this directory.
#ifndef CSHIM_BASE_H
#define CSHIM_BASE_H
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/types.h>
#include <spawn.h>

int cshim_accept4(int fd, void *addr, unsigned int *len, int flags);
int cshim_pipe2(int fds[2], int flags);
int cshim_set_child_subreaper(void);
int cshim_spawn_addchdir(posix_spawn_file_actions_t *actions, const char *path);
int cshim_errno(void);
#endif
