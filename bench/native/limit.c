/*
 * The physical limit: what the kernel and libc on this machine need, with nothing else in the way.
 * Every podvisor and peer figure is divided by one of these.
 *
 *   limit spawn N            posix_spawn /bin/true and waitpid it; prints N latencies (µs)
 *   limit term N             posix_spawn `sleep 3600`, then time SIGTERM -> reaped; prints N latencies (µs)
 *   limit deadline N MS [rt] a child that ignores SIGTERM gets SIGTERM, then SIGKILL at exactly +MS
 *                            (clock_nanosleep TIMER_ABSTIME) and is reaped; prints N "dead after deadline" (µs);
 *                            with `rt` the waiting thread runs SCHED_FIFO (priority 1), as podvisor's kill thread
 *                            does when it may; with `rtv` the victim too is made SCHED_FIFO just before its SIGKILL,
 *                            as podvisor's kill thread does (DyingProcessBoost)
 *   limit watch PID          the harness's death watcher: opens a pidfd on PID, prints "ready", then, once PID has
 *                            exited, the CLOCK_REALTIME µs at which its pidfd became readable ("gone" if it had
 *                            already); SCHED_FIFO when it may, like the floor's waiter. A C process rather than a
 *                            thread of the .NET harness: that thread read the clock only after any garbage collection
 *                            of the harness's had ended, which added milliseconds to whichever tool was measured
 *
 * posix_spawn is what podvisor's process runtime uses (glibc: clone(CLONE_VM|CLONE_VFORK) + exec),
 * so these floors are the same system calls the tool under test makes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static pid_t spawn(char *const argv[]) {
    pid_t pid;
    int rc = posix_spawn(&pid, argv[0], NULL, NULL, argv, environ);
    if (rc != 0) {
        fprintf(stderr, "posix_spawn %s: %s\n", argv[0], strerror(rc));
        exit(1);
    }
    return pid;
}

static void reap(pid_t pid) {
    int status;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            perror("waitpid");
            exit(1);
        }
    }
}

/* A freshly spawned child has exec'd (posix_spawn returns after exec), but give the dynamic loader time
 * to finish so that the signal measures delivery + exit + reap, not start-up. */
static void settle(void) {
    struct timespec d = {0, 20 * 1000 * 1000};
    nanosleep(&d, NULL);
}

static long long realtime_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static int watch(pid_t pid) {
    struct sched_param fifo = {.sched_priority = 1};
    /* Best effort: without the privilege the figure is still honest, only later on busy cores. */
    (void)sched_setscheduler(0, SCHED_FIFO, &fifo);
    int fd = (int)syscall(SYS_pidfd_open, pid, 0);
    if (fd < 0) {
        printf("gone\n");
        return 0;
    }
    printf("ready\n");
    fflush(stdout);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (poll(&p, 1, -1) < 0) {
        if (errno != EINTR) {
            perror("poll");
            return 1;
        }
    }
    printf("%lld\n", realtime_us());
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: limit spawn|term|deadline N [MS] | watch PID\n");
        return 2;
    }
    if (strcmp(argv[1], "watch") == 0) {
        return watch((pid_t)atoi(argv[2]));
    }
    int n = atoi(argv[2]);
    if (strcmp(argv[1], "spawn") == 0) {
        char *args[] = {"/bin/true", NULL};
        for (int i = 0; i < n; i++) {
            long long t0 = now_ns();
            reap(spawn(args));
            printf("%.3f\n", (now_ns() - t0) / 1000.0);
        }
    } else if (strcmp(argv[1], "term") == 0) {
        char *args[] = {"/bin/sleep", "3600", NULL};
        for (int i = 0; i < n; i++) {
            pid_t pid = spawn(args);
            settle();
            long long t0 = now_ns();
            kill(pid, SIGTERM);
            reap(pid);
            printf("%.3f\n", (now_ns() - t0) / 1000.0);
        }
    } else if (strcmp(argv[1], "deadline") == 0 && argc >= 4) {
        long long grace_ns = atoll(argv[3]) * 1000000LL;
        char *args[] = {"/bin/sleep", "3600", NULL};
        /* SIG_IGN is inherited across exec: the child ignores SIGTERM like the scenario's container. */
        signal(SIGTERM, SIG_IGN);
        int victim = argc >= 5 && strcmp(argv[4], "rtv") == 0;
        int rt = victim || (argc >= 5 && strcmp(argv[4], "rt") == 0);
        struct sched_param fifo = {.sched_priority = 1}, normal = {.sched_priority = 0};
        for (int i = 0; i < n; i++) {
            pid_t pid = spawn(args);
            settle();
            /* Only for the wait and the kill: a child spawned while SCHED_FIFO would inherit it. */
            if (rt && sched_setscheduler(0, SCHED_FIFO, &fifo) != 0) {
                perror("sched_setscheduler");
                return 1;
            }
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            long long deadline = (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec + grace_ns;
            kill(pid, SIGTERM);
            struct timespec until = {deadline / 1000000000LL, deadline % 1000000000LL};
            while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, NULL) == EINTR) {
            }
            if (victim && sched_setscheduler(pid, SCHED_FIFO, &fifo) != 0) {
                perror("sched_setscheduler victim");
                return 1;
            }
            kill(pid, SIGKILL);
            reap(pid);
            printf("%.3f\n", (now_ns() - deadline) / 1000.0);
            if (rt) {
                sched_setscheduler(0, SCHED_OTHER, &normal);
            }
        }
    } else {
        fprintf(stderr, "unknown mode %s\n", argv[1]);
        return 2;
    }
    return 0;
}
