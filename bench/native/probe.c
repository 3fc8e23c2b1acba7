/*
 * Tiny container payloads, statically linked so the same binary runs on the host (podvisor, supervisord)
 * and inside the podman busybox image. Wall-clock times are CLOCK_REALTIME µs, which every tool shares.
 *
 *   probe stamp FILE CMD...   write "<µs> <pid>\n" to FILE, then exec CMD (the moment the container's own
 *                             process runs: the same instant for every tool)
 *   probe ignterm FILE        write "<pid>\n" to FILE.pid, then wait forever; on each SIGTERM append "<µs>\n"
 *                             to FILE (the handler does not exit: SIGTERM is ignored in effect, SIGKILL ends it)
 *   probe wait                wait forever; exit 0 on SIGTERM (the scale payload: see main)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long realtime_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (long long)ts.tv_sec * 1000000LL + ts.tv_nsec / 1000;
}

static const char *term_file;

static void on_term(int sig) {
    (void)sig;
    char buf[32];
    int len = snprintf(buf, sizeof buf, "%lld\n", realtime_us());
    int fd = open(term_file, O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
        (void)!write(fd, buf, len);
        close(fd);
    }
}

static void on_term_exit(int sig) {
    (void)sig;
    _exit(0);
}

int main(int argc, char **argv) {
    if (argc >= 4 && strcmp(argv[1], "stamp") == 0) {
        long long t = realtime_us();
        FILE *f = fopen(argv[2], "w");
        if (f) {
            fprintf(f, "%lld %d\n", t, (int)getpid());
            fclose(f);
        }
        execvp(argv[3], argv + 3);
        perror(argv[3]);
        return 127;
    }
    if (argc == 3 && strcmp(argv[1], "ignterm") == 0) {
        term_file = argv[2];
        char pidfile[4096];
        snprintf(pidfile, sizeof pidfile, "%s.pid", argv[2]);
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term;
        sa.sa_flags = SA_RESTART;
        sigaction(SIGTERM, &sa, NULL);
        FILE *f = fopen(pidfile, "w");
        if (f) {
            fprintf(f, "%d\n", (int)getpid());
            fclose(f);
        }
        for (;;) {
            pause();
        }
    }
    if (argc == 2 && strcmp(argv[1], "wait") == 0) {
        /* A sleep that honours SIGTERM. As PID 1 of its own PID namespace (a container, podvisor's process
         * runtime) a plain sleep has no handler, so the kernel drops SIGTERM and the stop waits for SIGKILL at
         * the end of the grace period; with a handler the stop time measures the stop, not the grace period. */
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_term_exit;
        sigaction(SIGTERM, &sa, NULL);
        for (;;) {
            pause();
        }
    }
    fprintf(stderr, "usage: probe stamp FILE CMD... | probe ignterm FILE | probe wait\n");
    return 2;
}
