// SPDX-License-Identifier: BSD-2-Clause
/*
 * fsl-hv: partition management from a Linux manager partition, through
 * the fsl_hypervisor driver (/dev/fsl-hv, CONFIG_FSL_HV_MANAGER). The
 * initramfs has it as /bin/fsl-hv; tests/linux/init.c runs it in
 * "tessera.manager" mode.
 *
 *   fsl-hv status   LABEL               stopped / running / starting / ...
 *   fsl-hv wait     LABEL STATE [MS]    until its status is STATE (at most
 *                                       MS milliseconds, default 2000)
 *   fsl-hv stop     LABEL
 *   fsl-hv start    LABEL [load]        load: images and tree rebuilt
 *   fsl-hv restart  LABEL
 *   fsl-hv getprop  LABEL PATH NAME     a string property of its tree
 *   fsl-hv platform LABEL NAME [ARCH] [cross-arch]
 *                                       re-platform it (while stopped):
 *                                       SETPROP of /hypervisor
 *                                       "tessera,platform", the driver
 *                                       having no call of its own for it
 *
 * LABEL is a partition's name: the manager's tree lists the partitions it
 * manages as /hypervisor/handles/partition@H (label, hv-handle). Every
 * line printed starts with "fsl-hv: ". Exit status: 0 when the hypervisor
 * answered 0; 1 for its error (printed as "error N", the ePAPR code); 2
 * for a usage or system error.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <linux/fsl_hypervisor.h>

#define HANDLES "/proc/device-tree/hypervisor/handles"

static const char *const status_names[] = {
	"stopped", "running", "starting", "stopping", "pausing", "paused", "resuming",
};

static int usage(void)
{
	fprintf(stderr, "usage: fsl-hv status|wait|stop|start|restart|getprop|platform LABEL ...\n");
	return 2;
}

/* The contents of the file @dir/@name (at most @size bytes); -1 if none. */
static ssize_t read_prop(const char *dir, const char *name, void *buf, size_t size)
{
	char path[640]; /* dir (< 512) + "/" + a short name */
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	n = read(fd, buf, size);
	close(fd);
	return n;
}

/* The hv-handle of the managed partition @label, or -1. */
static long find_handle(const char *label)
{
	DIR *d = opendir(HANDLES);
	struct dirent *e;
	long handle = -1;

	if (!d)
		return -1;
	while (handle < 0 && (e = readdir(d))) {
		char dir[512], buf[64] = "";
		uint8_t h[4];

		if (strncmp(e->d_name, "partition@", 10))
			continue;
		snprintf(dir, sizeof(dir), "%s/%s", HANDLES, e->d_name);
		if (read_prop(dir, "label", buf, sizeof(buf) - 1) <= 0 || strcmp(buf, label) ||
		    read_prop(dir, "hv-handle", h, 4) != 4)
			continue;
		handle = (long)(((uint32_t)h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]);
	}
	closedir(d);
	return handle;
}

/* Issue @cmd; report the hypervisor's answer @ret. Returns the exit status. */
static int call(int fd, unsigned long cmd, void *arg, const uint32_t *ret, const char *what,
		const char *label)
{
	if (ioctl(fd, cmd, arg) < 0) {
		printf("fsl-hv: %s %s: ioctl failed (errno %d)\n", what, label, errno);
		return 2;
	}
	if (*ret) {
		printf("fsl-hv: %s %s: error %u\n", what, label, *ret);
		return 1;
	}
	return 0;
}

/* A string list of argv[from..argc) with its NULs, into @buf. */
static size_t strlist(char **argv, int from, int argc, char *buf, size_t size)
{
	size_t n = 0, l;
	int i;

	for (i = from; i < argc; i++) {
		l = strlen(argv[i]) + 1;
		if (n + l > size)
			return 0;
		memcpy(buf + n, argv[i], l);
		n += l;
	}
	return n;
}

static int do_prop(int fd, int set, uint32_t h, char **argv, int argc)
{
	char val[256] = "";
	struct fsl_hv_ioctl_prop p = { .handle = h };
	const char *path = set ? "/hypervisor" : argv[3], *name = set ? "tessera,platform" : argv[4];
	int r;

	p.path = (uintptr_t)path;
	p.propname = (uintptr_t)name;
	p.propval = (uintptr_t)val;
	p.proplen = sizeof(val) - 1;
	if (set && !(p.proplen = (uint32_t)strlist(argv, 3, argc, val, sizeof(val))))
		return usage();
	r = call(fd, set ? FSL_HV_IOCTL_SETPROP : FSL_HV_IOCTL_GETPROP, &p, &p.ret,
		 set ? "platform" : "getprop", argv[2]);
	if (!r && set)
		printf("fsl-hv: platform %s: %s\n", argv[2], argv[3]);
	else if (!r)
		printf("fsl-hv: getprop %s %s %s: \"%.*s\"\n", argv[2], path, name,
		       (int)strnlen(val, p.proplen), val);
	return r;
}

/* Poll the status of handle @h until it is @want; @ms milliseconds at most. */
static int do_wait(int fd, uint32_t h, const char *label, const char *want, long ms)
{
	const struct timespec tick = { 0, 10 * 1000 * 1000 };
	struct fsl_hv_ioctl_status s;
	long waited;

	for (waited = 0; waited <= ms; waited += 10) {
		s = (struct fsl_hv_ioctl_status){ .partition = h };
		if (ioctl(fd, FSL_HV_IOCTL_PARTITION_GET_STATUS, &s) < 0 || s.ret)
			break;
		if (s.status < 7 && !strcmp(status_names[s.status], want)) {
			printf("fsl-hv: wait %s %s: ok\n", label, want);
			return 0;
		}
		nanosleep(&tick, NULL);
	}
	printf("fsl-hv: wait %s %s: timed out\n", label, want);
	return 1;
}

int main(int argc, char **argv)
{
	const char *op = argc > 2 ? argv[1] : "";
	long h = argc > 2 ? find_handle(argv[2]) : -1;
	int fd, r;

	if (argc < 3)
		return usage();
	if (h < 0) {
		printf("fsl-hv: %s: no partition handle with that label\n", argv[2]);
		return 2;
	}
	fd = open("/dev/fsl-hv", O_RDWR);
	if (fd < 0) {
		printf("fsl-hv: /dev/fsl-hv: errno %d\n", errno);
		return 2;
	}
	if (!strcmp(op, "status")) {
		struct fsl_hv_ioctl_status s = { .partition = (uint32_t)h };

		r = call(fd, FSL_HV_IOCTL_PARTITION_GET_STATUS, &s, &s.ret, op, argv[2]);
		if (!r)
			printf("fsl-hv: status %s: %s\n", argv[2],
			       s.status < 7 ? status_names[s.status] : "unknown");
	} else if (!strcmp(op, "wait") && argc >= 4) {
		r = do_wait(fd, (uint32_t)h, argv[2], argv[3], argc > 4 ? atol(argv[4]) : 2000);
	} else if (!strcmp(op, "stop")) {
		struct fsl_hv_ioctl_stop s = { .partition = (uint32_t)h };

		r = call(fd, FSL_HV_IOCTL_PARTITION_STOP, &s, &s.ret, op, argv[2]);
	} else if (!strcmp(op, "start")) {
		struct fsl_hv_ioctl_start s = { .partition = (uint32_t)h,
			.load = argc > 3 && !strcmp(argv[3], "load") };

		r = call(fd, FSL_HV_IOCTL_PARTITION_START, &s, &s.ret, op, argv[2]);
	} else if (!strcmp(op, "restart")) {
		struct fsl_hv_ioctl_restart s = { .partition = (uint32_t)h };

		r = call(fd, FSL_HV_IOCTL_PARTITION_RESTART, &s, &s.ret, op, argv[2]);
	} else if (!strcmp(op, "getprop") && argc == 5) {
		r = do_prop(fd, 0, (uint32_t)h, argv, argc);
	} else if (!strcmp(op, "platform") && argc >= 4) {
		r = do_prop(fd, 1, (uint32_t)h, argv, argc);
	} else {
		r = usage();
	}
	if (!r && strcmp(op, "status") && strcmp(op, "getprop") && strcmp(op, "platform") &&
	    strcmp(op, "wait"))
		printf("fsl-hv: %s %s: done\n", op, argv[2]);
	close(fd);
	return r;
}
