/* SPDX-License-Identifier: MIT */
/* Helpers shared by the unit tests. Include after <cmocka.h>. */
#ifndef ABIDRIFT_TEST_HELPERS_H
#define ABIDRIFT_TEST_HELPERS_H

#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/wait.h>
#include <unistd.h>

/* Runs fn in a child and reports whether it died of SIGABRT (a BUG_ON). */
static inline bool aborts(void (*fn)(void))
{
	pid_t pid = fork();
	int status;

	assert_true(pid >= 0);
	if (pid == 0) {
		int fd = open("/dev/null", O_WRONLY);

		if (fd >= 0)
			dup2(fd, 2);
		fn();
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGABRT;
}

#endif
