// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu selftests: the device reads and writes process memory through its
 * page table (DRM_IOCTL_HMMGPU_READ/WRITE) and the tests check the data and
 * the mirror's reaction to munmap, mprotect, fork/COW and bad input.
 *
 * Built with the kselftest harness of the test kernel's source tree (see
 * kernel-driver/vm/run-suite); runs in the test VM with hmmgpu.ko loaded
 * (num_devices >= 2 for the multi-device test).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm.h>
#include <hmmgpu_drm.h>

#include "kselftest_harness.h"

#define PAGE 4096ul

/* Opens the @nth render node whose driver is hmmgpu, or returns -1. */
static int hmmgpu_open(int nth)
{
	char name[64], path[64];
	int minor;

	for (minor = 128; minor < 192; minor++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };
		int fd;

		snprintf(path, sizeof(path), "/dev/dri/renderD%d", minor);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (ioctl(fd, DRM_IOCTL_VERSION, &v) == 0 &&
		    strcmp(name, "hmmgpu") == 0 && nth-- == 0)
			return fd;
		close(fd);
	}
	return -1;
}

/* Device access; returns 0 or -errno; *faults gets the faults taken. */
static int dev_access(int fd, bool write, void *addr, void *buf, size_t size,
		      uint64_t *faults)
{
	struct drm_hmmgpu_access a = {
		.addr = (uintptr_t)addr,
		.ptr = (uintptr_t)buf,
		.size = size,
	};
	int ret;

	ret = ioctl(fd, write ? DRM_IOCTL_HMMGPU_WRITE : DRM_IOCTL_HMMGPU_READ, &a);
	if (faults)
		*faults = a.faults;
	return ret ? -errno : 0;
}

static int dev_read(int fd, void *addr, void *buf, size_t size)
{
	return dev_access(fd, false, addr, buf, size, NULL);
}

static int dev_write(int fd, void *addr, const void *buf, size_t size)
{
	return dev_access(fd, true, addr, (void *)buf, size, NULL);
}

static struct drm_hmmgpu_counters counters(int fd, uint32_t flags)
{
	struct drm_hmmgpu_counters c = { .flags = flags };

	if (ioctl(fd, DRM_IOCTL_HMMGPU_COUNTERS, &c))
		c.faults = ~0ull;
	return c;
}

static void fill(void *p, size_t size, uint32_t seed)
{
	uint32_t *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		w[i] = seed + i;
}

static bool check(const void *p, size_t size, uint32_t seed)
{
	const uint32_t *w = p;
	size_t i;

	for (i = 0; i < size / 4; i++)
		if (w[i] != seed + i)
			return false;
	return true;
}

static void *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

FIXTURE(hmmgpu)
{
	int fd;
	size_t size;
	void *mem;
	void *buf;
};

FIXTURE_VARIANT(hmmgpu)
{
	size_t pages;
};

/* One page; and more pages than one fault and one bounce buffer cover. */
FIXTURE_VARIANT_ADD(hmmgpu, one_page) { .pages = 1 };
FIXTURE_VARIANT_ADD(hmmgpu, many_pages) { .pages = 300 };

FIXTURE_SETUP(hmmgpu)
{
	self->fd = hmmgpu_open(0);
	if (self->fd < 0)
		SKIP(return, "no hmmgpu render node (is hmmgpu.ko loaded?)");
	self->size = variant->pages * PAGE;
	self->mem = map_anon(self->size);
	self->buf = malloc(self->size);
	ASSERT_NE(self->mem, NULL);
	ASSERT_NE(self->buf, NULL);
}

FIXTURE_TEARDOWN(hmmgpu)
{
	if (self->fd < 0)
		return;
	munmap(self->mem, self->size);
	free(self->buf);
	close(self->fd);
}

TEST_F(hmmgpu, anon_read)
{
	struct drm_hmmgpu_counters c;
	uint64_t faults;

	fill(self->mem, self->size, 1);
	ASSERT_EQ(dev_access(self->fd, false, self->mem, self->buf, self->size,
			     &faults), 0);
	ASSERT_TRUE(check(self->buf, self->size, 1));
	ASSERT_GE(faults, 1);

	c = counters(self->fd, 0);
	ASSERT_EQ(c.pages_mirrored, variant->pages);
	ASSERT_EQ(c.bytes_read, self->size);
	ASSERT_EQ(c.faults, faults);

	/* Mirrored now: a second read takes no fault. */
	memset(self->buf, 0, self->size);
	ASSERT_EQ(dev_access(self->fd, false, self->mem, self->buf, self->size,
			     &faults), 0);
	ASSERT_EQ(faults, 0);
	ASSERT_TRUE(check(self->buf, self->size, 1));

	/* CPU writes to mirrored pages are seen by the device. */
	fill(self->mem, self->size, 7);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 7));
}

TEST_F(hmmgpu, anon_write)
{
	fill(self->buf, self->size, 2);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->mem, self->size, 2));
	ASSERT_EQ(counters(self->fd, 0).bytes_written, self->size);
}

/* Untouched anonymous memory reads as the zero page, read-only. */
TEST_F(hmmgpu, zero_page)
{
	memset(self->buf, 0xff, self->size);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	for (size_t i = 0; i < self->size; i++)
		ASSERT_EQ(((char *)self->buf)[i], 0);

	/* The CPU write replaces the zero page: the entry must follow. */
	fill(self->mem, self->size, 3);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 3));

	/* A device write after a read fault upgrades the entry. */
	fill(self->buf, self->size, 4);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->mem, self->size, 4));
}

TEST_F(hmmgpu, munmap_invalidates)
{
	struct drm_hmmgpu_counters before, after;

	fill(self->mem, self->size, 5);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	before = counters(self->fd, 0);
	ASSERT_EQ(munmap(self->mem, self->size), 0);
	after = counters(self->fd, 0);
	ASSERT_GT(after.invalidations, before.invalidations);
	ASSERT_EQ(after.pages_invalidated - before.pages_invalidated,
		  variant->pages);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), -EFAULT);
	self->mem = map_anon(self->size);
	ASSERT_NE(self->mem, NULL);
}

TEST_F(hmmgpu, mprotect_read_only)
{
	fill(self->mem, self->size, 6);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_EQ(mprotect(self->mem, self->size, PROT_READ), 0);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), -EPERM);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 6));
	ASSERT_EQ(mprotect(self->mem, self->size, PROT_NONE), 0);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), -EFAULT);
	ASSERT_EQ(mprotect(self->mem, self->size, PROT_READ | PROT_WRITE), 0);
	ASSERT_TRUE(check(self->mem, self->size, 6));
}

/*
 * fork makes the parent's private pages COW: a device write of the parent
 * must break COW and never reach the child's copy, and the child's CPU
 * writes must not reach the parent.
 */
TEST_F(hmmgpu, fork_cow)
{
	int to_child[2], to_parent[2];
	char token = 0;
	int status;
	pid_t pid;

	fill(self->mem, self->size, 10);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->mem, self->size), 0);
	ASSERT_EQ(pipe(to_child), 0);
	ASSERT_EQ(pipe(to_parent), 0);

	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		/* Wait until the parent's device wrote, then check our copy. */
		if (read(to_child[0], &token, 1) != 1)
			_exit(10);
		if (!check(self->mem, self->size, 10))
			_exit(11);
		fill(self->mem, self->size, 12);
		if (write(to_parent[1], &token, 1) != 1)
			_exit(12);
		/* The parent's file is not ours: its VM mirrors the parent. */
		if (dev_read(self->fd, self->mem, self->buf, self->size) != -EACCES)
			_exit(13);
		_exit(0);
	}

	fill(self->buf, self->size, 11);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->mem, self->size, 11));
	ASSERT_EQ(write(to_child[1], &token, 1), 1);
	ASSERT_EQ(read(to_parent[0], &token, 1), 1);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFEXITED(status));
	ASSERT_EQ(WEXITSTATUS(status), 0);

	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 11));
	ASSERT_TRUE(check(self->mem, self->size, 11));
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* Two devices mirror one process: a write by one is read by the other. */
TEST_F(hmmgpu, two_devices)
{
	int fd1 = hmmgpu_open(1);

	if (fd1 < 0)
		SKIP(return, "only one hmmgpu device (load with num_devices=2)");
	fill(self->mem, self->size, 20);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	fill(self->buf, self->size, 21);
	ASSERT_EQ(dev_write(fd1, self->mem, self->buf, self->size), 0);
	memset(self->buf, 0, self->size);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 21));
	ASSERT_TRUE(check(self->mem, self->size, 21));
	close(fd1);
}

TEST_F(hmmgpu, device_counters)
{
	struct drm_hmmgpu_counters vm, dev;

	fill(self->mem, self->size, 30);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	vm = counters(self->fd, 0);
	dev = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_NE(dev.faults, ~0ull);
	ASSERT_GE(dev.faults, vm.faults);
	ASSERT_GE(dev.pages_mirrored, vm.pages_mirrored);
	ASSERT_GE(dev.bytes_read, vm.bytes_read);
	for (int i = 0; i < 8; i++)
		ASSERT_EQ(dev.reserved[i], 0);
}

/* Every malformed request is refused with the documented errno. */
TEST_F(hmmgpu, bad_input)
{
	struct drm_hmmgpu_access good = {
		.addr = (uintptr_t)self->mem,
		.ptr = (uintptr_t)self->buf,
		.size = PAGE,
	};
	struct {
		const char *what;
		struct drm_hmmgpu_access a;
		int err;
	} cases[] = {
		{ "extensions", good, EINVAL },
		{ "flags", good, EINVAL },
		{ "pad", good, EINVAL },
		{ "unaligned addr", good, EINVAL },
		{ "unaligned size", good, EINVAL },
		{ "size 0", good, EINVAL },
		{ "overflow", good, EINVAL },
		{ "unmapped addr", good, EFAULT },
		{ "bad ptr", good, EFAULT },
	};
	struct drm_hmmgpu_counters c = { .flags = 1u << 31 };
	int w;

	cases[0].a.extensions = 1;
	cases[1].a.flags = 1;
	cases[2].a.pad = 1;
	cases[3].a.addr += 8;
	cases[4].a.size = 100;
	cases[5].a.size = 0;
	cases[6].a.addr = ~0ull & ~(PAGE - 1);
	cases[6].a.size = 2 * PAGE;
	cases[7].a.addr = PAGE; /* the zero page is never mapped */
	cases[8].a.ptr = 8;

	for (w = 0; w < 2; w++) {
		unsigned long cmd = w ? DRM_IOCTL_HMMGPU_WRITE : DRM_IOCTL_HMMGPU_READ;

		for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
			struct drm_hmmgpu_access a = cases[i].a;
			int ret = ioctl(self->fd, cmd, &a);

			TH_LOG("%s %s", w ? "write" : "read", cases[i].what);
			ASSERT_EQ(ret, -1);
			ASSERT_EQ(errno, cases[i].err);
		}
	}

	ASSERT_EQ(ioctl(self->fd, DRM_IOCTL_HMMGPU_COUNTERS, &c), -1);
	ASSERT_EQ(errno, EINVAL);
	c.flags = 0;
	c.pad = 1;
	ASSERT_EQ(ioctl(self->fd, DRM_IOCTL_HMMGPU_COUNTERS, &c), -1);
	ASSERT_EQ(errno, EINVAL);
}

TEST_HARNESS_MAIN
