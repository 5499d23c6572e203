// SPDX-License-Identifier: BSD-2-Clause
/*
 * tessera-init: the whole userspace of the Linux guest kernels
 * (tools/build-linux.sh puts it in their initramfs as /init).
 *
 * It prints a fixed banner, mounts proc/sys/devtmpfs, runs a few checks and
 * microbenchmarks, writes to the ePAPR byte channel when there is one, and
 * powers the machine (or partition) off. Every line it prints starts with
 * "tessera-init: "; figures are timebase ticks read with mfspr TBL/TBU, which
 * user mode may read, so no system call disturbs what is measured. Only the
 * figures vary between runs. Kernel command line options:
 *   tessera.kmsg   the lines go through /dev/kmsg (printk), not the tty;
 *   tessera.quick  every loop 100 times shorter (the tests' setting);
 *   tessera.panic  start the watchdog and exit right after the banner: the
 *                  kernel panics ("Attempted to kill init") and the
 *                  watchdog resets it, for the crash tests.
 *   tessera.manager  instead of the microbenchmarks, manage the partition
 *                  labelled "target" with /bin/fsl-hv (tests/linux/fsl_hv.c):
 *                  status, a property, a re-platform refused while it runs,
 *                  stop, spapr refused, re-platform to kvm, start with
 *                  reload, restart, stop, and an unknown command refused.
 *
 * Build: powerpc-linux-gnu-gcc -static -O2 (Debian's glibc cross libraries).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGES		1024
#define GETPPID_LOOPS	100000
#define FORK_LOOPS	100
#define PIPE_LOOPS	1000
#define SLEEP_LOOPS	10
#define SLEEP_NS	10000000L	/* 10 ms */
#define DEFAULT_TB_HZ	400000000ULL	/* QEMU ppce500 */

static int failures;
static int scale = 1;  	/* loop divisor: 100 with tessera.quick */
static char cmdline[1024];
/* Where the lines go: the console (stdout), or /dev/kmsg when the kernel
 * command line says "tessera.kmsg" (printk's polled console path, for a
 * UART whose interrupts do not work). */
static int out_fd = STDOUT_FILENO;

/* Print one line "tessera-init: ..." with a single write(2): no stdio
 * buffer is ever duplicated by fork(). */
static void say(const char *fmt, ...)
{
	char buf[256];
	int n = snprintf(buf, sizeof(buf), "tessera-init: ");
	va_list ap;

	va_start(ap, fmt);
	n += vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	if (write(out_fd, buf, n) < 0)
		(void)0;	/* nowhere else to report it */
}

static void check(int ok, const char *what)
{
	if (!ok) {
		say("check failed: %s (errno %d)", what, errno);
		failures++;
	}
}

/* 64-bit timebase: TBU, TBL, TBU again until no carry came in between. */
static uint64_t tb(void)
{
	uint32_t hi, lo, hi2;

	do {
		__asm__ volatile("mfspr %0,269" : "=r"(hi));
		__asm__ volatile("mfspr %0,268" : "=r"(lo));
		__asm__ volatile("mfspr %0,269" : "=r"(hi2));
	} while (hi != hi2);
	return ((uint64_t)hi << 32) | lo;
}

static void figure(const char *name, uint64_t ticks, unsigned long iters)
{
	if (iters)
		say("%s %llu %lu", name, (unsigned long long)ticks, iters);
	else
		say("%s %llu", name, (unsigned long long)ticks);
}

/* Read a whole small file; returns its length or -1. */
static ssize_t slurp(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* The hypervisor node's compatible strings, space separated, or "none". */
static void platform(char *out, size_t size)
{
	ssize_t n = slurp("/proc/device-tree/hypervisor/compatible", out, size - 1);
	ssize_t i;

	if (n <= 0) {
		snprintf(out, size, "none");
		return;
	}
	while (n > 0 && out[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		if (out[i] == '\0')
			out[i] = ' ';
	out[n] = '\0';
}

/* The timebase-frequency of the first CPU node found (a big-endian cell). */
static uint64_t timebase_hz(void)
{
	DIR *d = opendir("/proc/device-tree/cpus");
	struct dirent *e;
	unsigned char c[8];
	char path[300];
	ssize_t n = -1;

	while (d && n != 4 && n != 8 && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/device-tree/cpus/%s/timebase-frequency",
			 e->d_name);
		n = slurp(path, (char *)c, sizeof(c));
	}
	if (d)
		closedir(d);
	if (n == 4)
		return ((uint64_t)c[0] << 24) | (c[1] << 16) | (c[2] << 8) | c[3];
	if (n == 8)
		return ((uint64_t)c[4] << 24) | (c[5] << 16) | (c[6] << 8) | c[7];
	return DEFAULT_TB_HZ;
}

/* 1 if the kernel command line has the word @opt. */
static int option(const char *opt)
{
	size_t len = strlen(opt);
	const char *hit;

	for (hit = strstr(cmdline, opt); hit; hit = strstr(hit + 1, opt))
		if ((hit == cmdline || hit[-1] == ' ') &&
		    (hit[len] == '\0' || hit[len] == ' ' || hit[len] == '\n'))
			return 1;
	return 0;
}

static void read_cmdline(void)
{
	ssize_t n = slurp("/proc/cmdline", cmdline, sizeof(cmdline) - 1);

	cmdline[n > 0 ? n : 0] = '\0';
	if (option("tessera.quick"))
		scale = 100;
}

static void pick_output(void)
{
	int fd;

	if (!option("tessera.kmsg"))
		return;
	/* /dev/kmsg writers are rate limited (10 lines per 5 s) unless told. */
	fd = open("/proc/sys/kernel/printk_devkmsg", O_WRONLY);
	if (fd >= 0) {
		if (write(fd, "on\n", 3) < 0)
			(void)0;	/* then some lines may be dropped */
		close(fd);
	}
	fd = open("/dev/kmsg", O_WRONLY | O_NOCTTY);
	if (fd >= 0)
		out_fd = fd;
}

static void mount_all(void)
{
	/* EBUSY: the kernel mounted devtmpfs itself. */
	check(mount("proc", "/proc", "proc", 0, NULL) == 0, "mount /proc");
	check(mount("sysfs", "/sys", "sysfs", 0, NULL) == 0, "mount /sys");
	check(mount("devtmpfs", "/dev", "devtmpfs", 0, NULL) == 0 ||
	      errno == EBUSY, "mount /dev");
}

static void bench_getppid(void)
{
	uint64_t t0 = tb();
	long ppid = 0;
	int i;

	for (i = 0; i < (GETPPID_LOOPS / scale); i++)
		ppid |= syscall(SYS_getppid);
	figure("getppid", tb() - t0, (GETPPID_LOOPS / scale));
	check(ppid == 0, "getppid of init is 0");
}

static void bench_pages(void)
{
	long psz = sysconf(_SC_PAGESIZE);
	volatile unsigned char *p = mmap(NULL, PAGES * psz, PROT_READ | PROT_WRITE,
					 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t t0;
	int i, bad = 0;

	check(p != MAP_FAILED, "mmap");
	if (p == MAP_FAILED)
		return;
	t0 = tb();
	for (i = 0; i < PAGES; i++)
		p[i * psz] = (unsigned char)i;
	figure("page-first-touch", tb() - t0, PAGES);
	t0 = tb();
	for (i = 0; i < PAGES; i++)
		p[i * psz + 1] = (unsigned char)i;
	figure("page-retouch", tb() - t0, PAGES);
	for (i = 0; i < PAGES; i++)
		bad += p[i * psz] != (unsigned char)i || p[i * psz + 1] != p[i * psz];
	check(bad == 0, "page contents");
	munmap((void *)p, PAGES * psz);
}

static void bench_fork(void)
{
	uint64_t t0 = tb();
	int i, status, bad = 0;

	for (i = 0; i < (FORK_LOOPS / scale); i++) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(i & 0x7f);
		if (pid < 0 || waitpid(pid, &status, 0) != pid ||
		    !WIFEXITED(status) || WEXITSTATUS(status) != (i & 0x7f))
			bad++;
	}
	figure("fork-wait", tb() - t0, (FORK_LOOPS / scale));
	check(bad == 0, "fork+wait exit statuses");
}

static void bench_pipe(void)
{
	int ping[2], pong[2], i, status, bad = 0;
	unsigned char c;
	uint64_t t0;
	pid_t pid;

	if (pipe(ping) || pipe(pong)) {
		check(0, "pipe");
		return;
	}
	pid = fork();
	if (pid == 0) {
		/* Echo every byte back, incremented, until the parent closes. */
		close(ping[1]);
		close(pong[0]);
		while (read(ping[0], &c, 1) == 1) {
			c++;
			if (write(pong[1], &c, 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	check(pid > 0, "fork for pipe");
	close(ping[0]);
	close(pong[1]);
	if (pid < 0) {
		close(ping[1]);
		close(pong[0]);
		return;
	}
	t0 = tb();
	for (i = 0; i < (PIPE_LOOPS / scale); i++) {
		c = (unsigned char)i;
		if (write(ping[1], &c, 1) != 1 || read(pong[0], &c, 1) != 1 ||
		    c != (unsigned char)(i + 1))
			bad++;
	}
	figure("pipe-pingpong", tb() - t0, (PIPE_LOOPS / scale));
	close(ping[1]);
	check(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	      WEXITSTATUS(status) == 0, "pipe child exit");
	check(bad == 0, "pipe round trips");
	close(pong[0]);
}

/* How late nanosleep(10 ms) wakes up, in ticks: the mean and the worst. */
static void bench_sleep(void)
{
	const struct timespec ts = { 0, SLEEP_NS };
	uint64_t want = timebase_hz() * SLEEP_NS / 1000000000ULL;
	int64_t err, sum = 0, worst = INT64_MIN;
	int i, early = 0;

	for (i = 0; i < SLEEP_LOOPS; i++) {
		uint64_t t0 = tb();

		check(nanosleep(&ts, NULL) == 0, "nanosleep");
		err = (int64_t)(tb() - t0) - (int64_t)want;
		early += err < 0;
		sum += err;
		if (err > worst)
			worst = err;
	}
	/* Signed: a negative figure would mean an early wake-up. */
	say("sleep-10ms-error %lld %d", (long long)(sum / SLEEP_LOOPS), SLEEP_LOOPS);
	say("sleep-10ms-error-max %lld %d", (long long)worst, SLEEP_LOOPS);
	check(early == 0, "nanosleep never wakes early");
}

static void byte_channel(void)
{
	static const char msg[] = "tessera-init: hello on the byte channel\r\n";
	int fd = open("/dev/ttyEHV0", O_WRONLY | O_NOCTTY);

	if (fd < 0)
		return;
	check(write(fd, msg, sizeof(msg) - 1) == (ssize_t)(sizeof(msg) - 1),
	      "write /dev/ttyEHV0");
	close(fd);
	say("byte channel ttyEHV0 written");
}

/*
 * Start the Book-E watchdog (opening /dev/watchdog does), feed it once and
 * exit: the kernel panics and nobody feeds it again.
 */
static int die_watched(void)
{
	int fd = open("/dev/watchdog", O_WRONLY);

	check(fd >= 0 && write(fd, "1", 1) == 1, "watchdog started");
	say("exiting on purpose: the kernel will panic");
	return 1;
}

/* /bin/fsl-hv with up to four arguments, its output on ours. Returns its
 * exit status (0 done, 1 the hypervisor's error), or -1. */
static int fsl_hv(const char *a1, const char *a2, const char *a3, const char *a4)
{
	const char *argv[] = { "/bin/fsl-hv", a1, a2, a3, a4, NULL };
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		if (out_fd != STDOUT_FILENO)
			dup2(out_fd, STDOUT_FILENO);
		execv(argv[0], (char **)argv);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) < 0)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void manage(const char *t)
{
	/* Time for the target, on its own CPU, to print what it now is. */
	const struct timespec settle = { 0, 200 * 1000 * 1000 };

	say("managing %s through /dev/fsl-hv", t);
	check(fsl_hv("status", t, NULL, NULL) == 0, "fsl-hv status");
	check(fsl_hv("getprop", t, "/chosen", "bootargs") == 0, "fsl-hv getprop");
	check(fsl_hv("platform", t, "kvm", NULL) == 1, "re-platform refused while it runs");
	check(fsl_hv("stop", t, NULL, NULL) == 0, "fsl-hv stop");
	check(fsl_hv("status", t, NULL, NULL) == 0, "fsl-hv status, stopped");
	check(fsl_hv("platform", t, "spapr", NULL) == 1, "spapr refused on Book-E");
	check(fsl_hv("platform", t, "kvm", NULL) == 0, "re-platform to kvm");
	check(fsl_hv("start", t, "load", NULL) == 0, "fsl-hv start load");
	check(fsl_hv("wait", t, "running", NULL) == 0, "running after start");
	nanosleep(&settle, NULL);
	/* A restart is carried out at the target's next exit: give it that
	 * time, then wait until it runs again. */
	check(fsl_hv("restart", t, NULL, NULL) == 0, "fsl-hv restart");
	nanosleep(&settle, NULL);
	check(fsl_hv("wait", t, "running", NULL) == 0, "running after restart");
	check(fsl_hv("stop", t, NULL, NULL) == 0, "fsl-hv stop, at the end");
	check(fsl_hv("nosuch", t, NULL, NULL) == 2, "fsl-hv refuses an unknown command");
}

int main(void)
{
	uint64_t t_entry = tb();
	struct utsname u;
	char plat[128];

	mount_all();
	read_cmdline();
	pick_output();
	if (uname(&u))
		snprintf(u.machine, sizeof(u.machine), "unknown");
	platform(plat, sizeof(plat));
	say("started on %s, platform %s", u.machine, plat);
	check(getpid() == 1, "running as pid 1");
	figure("boot", t_entry, 0);
	if (option("tessera.panic"))
		return die_watched();

	if (option("tessera.manager")) {
		manage("target");
	} else {
		bench_getppid();
		bench_pages();
		bench_fork();
		bench_pipe();
		bench_sleep();
	}
	byte_channel();

	if (failures)
		say("%d checks failed", failures);
	else
		say("all checks passed");
	say("powering off");
	sync();
	reboot(RB_POWER_OFF);
	say("power-off failed (errno %d)", errno);
	for (;;)
		pause();
}
