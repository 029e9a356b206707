// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu selftests: the device reads and writes process memory through its
 * page table (DRM_IOCTL_HMMGPU_READ/WRITE), migrates it to and from its VRAM,
 * takes exclusive access for atomics, and reports page state (SNAPSHOT); the
 * tests check the data and the mirror's reaction to munmap, mprotect,
 * fork/COW, exec, exit, huge pages, file mappings and bad input. Each
 * scenario of upstream hmm-tests has a counterpart here.
 *
 * Built with the kselftest harness of the test kernel's source tree (see
 * kernel-driver/vm/run-suite); runs in the test VM with hmmgpu.ko loaded
 * (num_devices >= 2 for the multi-device test).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>
#include <stdalign.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <drm.h>
#include <hmmgpu_drm.h>

#include "hmmgpu-job.h"
#include "kselftest_harness.h"
#include "mm/gup_test.h"

#define PAGE 4096ul

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

/*
 * Anonymous memory in 4 KiB pages. Without MADV_NOHUGEPAGE a mapping merged
 * with a neighbour may hold a whole aligned 2 MiB block and get a THP, and
 * the device then mirrors (and counts) all of it; the huge-page tests ask
 * for THPs explicitly.
 */
static void *map_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	if (madvise(p, size, MADV_NOHUGEPAGE)) {
		munmap(p, size);
		return NULL;
	}
	return p;
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
	self->fd = hg_open(0);
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
	int fd1 = hg_open(1);

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
	for (size_t i = 0; i < ARRAY_SIZE(dev.reserved); i++)
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

/* ---- helpers for migration, exclusive access, atomics and snapshots ---- */

#define HPAGE (2ul << 20)

static int dev_migrate(int fd, void *addr, size_t size, uint32_t dir,
		       uint64_t *migrated)
{
	struct drm_hmmgpu_migrate m = {
		.addr = (uintptr_t)addr,
		.size = size,
		.flags = dir,
	};
	int ret = ioctl(fd, DRM_IOCTL_HMMGPU_MIGRATE, &m);

	if (migrated)
		*migrated = m.migrated;
	return ret ? -errno : 0;
}

static int dev_exclusive(int fd, void *addr, size_t size, uint64_t *pages)
{
	struct drm_hmmgpu_exclusive e = {
		.addr = (uintptr_t)addr,
		.size = size,
	};
	int ret = ioctl(fd, DRM_IOCTL_HMMGPU_EXCLUSIVE, &e);

	if (pages)
		*pages = e.pages;
	return ret ? -errno : 0;
}

static int dev_atomic_add(int fd, void *addr, uint64_t value, uint64_t *old)
{
	struct drm_hmmgpu_atomic a = {
		.addr = (uintptr_t)addr,
		.value = value,
		.op = HMMGPU_ATOMIC_ADD,
	};
	int ret = ioctl(fd, DRM_IOCTL_HMMGPU_ATOMIC, &a);

	if (old)
		*old = a.old;
	return ret ? -errno : 0;
}

static int dev_snapshot(int fd, void *addr, size_t size, uint8_t *out)
{
	struct drm_hmmgpu_snapshot s = {
		.addr = (uintptr_t)addr,
		.size = size,
		.ptr = (uintptr_t)out,
	};

	return ioctl(fd, DRM_IOCTL_HMMGPU_SNAPSHOT, &s) ? -errno : 0;
}

/* Pages of [addr, addr + size) whose snapshot has all bits of @mask. */
static size_t count_state(int fd, void *addr, size_t size, uint8_t mask)
{
	size_t n = size / PAGE, i, hits = 0;
	uint8_t *s = malloc(n);

	if (!s || dev_snapshot(fd, addr, size, s)) {
		free(s);
		return (size_t)-1;
	}
	for (i = 0; i < n; i++)
		hits += (s[i] & mask) == mask;
	free(s);
	return hits;
}

/* A 2 MiB-aligned anonymous region of @size bytes (a multiple of 2 MiB). */
static void *map_aligned(size_t size)
{
	char *p = mmap(NULL, size + HPAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *a;

	if (p == MAP_FAILED)
		return NULL;
	a = (char *)(((uintptr_t)p + HPAGE - 1) & ~(HPAGE - 1));
	if (a > p)
		munmap(p, a - p);
	munmap(a + size, p + HPAGE - a);
	return a;
}

static void *map_shared_anon(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE,
		       MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	return p == MAP_FAILED ? NULL : p;
}

/* Exit status of a child process, or -1 when it did not exit normally. */
static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

/* ---- device memory: migration, eviction, fault-back ---- */

/*
 * Opens the @nth hmmgpu render node whose VRAM is coherent (@coherent) or
 * private, or returns -1.
 */
static int hmmgpu_open_kind(int nth, bool coherent)
{
	for (int i = 0;; i++) {
		int fd = hg_open(i);

		if (fd < 0)
			return -1;
		if (!!(counters(fd, HMMGPU_COUNTERS_DEVICE).vram_flags &
		       HMMGPU_VRAM_COHERENT) == coherent && nth-- == 0)
			return fd;
		close(fd);
	}
}

FIXTURE(dmem)
{
	int fd;
	int fd_other;
	size_t size;
	void *mem;
	void *buf;
	struct drm_hmmgpu_counters start;
};

FIXTURE_VARIANT(dmem)
{
	int device;
	size_t pages;
	bool coherent;
};

/*
 * The migration tests on each of two devices, and with more pages than one
 * migration chunk, per memory kind: device-private VRAM (the CPU faults a
 * page back to system memory to touch it) and coherent VRAM (the CPU
 * accesses it in place). device is the index among devices of that kind;
 * the other device of the same kind is the second device of each test.
 */
FIXTURE_VARIANT_ADD(dmem, dev0) { .device = 0, .pages = 16 };
FIXTURE_VARIANT_ADD(dmem, dev1) { .device = 1, .pages = 16 };
FIXTURE_VARIANT_ADD(dmem, dev0_many) { .device = 0, .pages = 200 };
FIXTURE_VARIANT_ADD(dmem, coherent0) { .device = 0, .pages = 16, .coherent = true };
FIXTURE_VARIANT_ADD(dmem, coherent1) { .device = 1, .pages = 16, .coherent = true };
FIXTURE_VARIANT_ADD(dmem, coherent0_many) {
	.device = 0, .pages = 200, .coherent = true
};

FIXTURE_SETUP(dmem)
{
	self->fd = hmmgpu_open_kind(variant->device, variant->coherent);
	self->fd_other = hmmgpu_open_kind(!variant->device, variant->coherent);
	ASSERT_GE(self->fd, 0)
		TH_LOG("hmmgpu.ko must be loaded with two devices of each kind: num_devices=4 coherent_base=0,0,ADDR2,ADDR3");
	ASSERT_GE(self->fd_other, 0);
	self->start = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_GT(self->start.vram_pages, 0)
		TH_LOG("no device memory (kernel without DEVICE_PRIVATE?)");
	self->size = variant->pages * PAGE;
	self->mem = map_anon(self->size);
	self->buf = malloc(self->size);
	ASSERT_NE(self->mem, NULL);
	ASSERT_NE(self->buf, NULL);
}

FIXTURE_TEARDOWN(dmem)
{
	munmap(self->mem, self->size);
	free(self->buf);
	close(self->fd_other);
	close(self->fd);
}

/* Migrate to VRAM; the device sees the data there; a CPU read faults back. */
TEST_F(dmem, migrate)
{
	struct drm_hmmgpu_counters c;
	size_t n = variant->pages;
	uint64_t moved;

	fill(self->mem, self->size, 100);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, n);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL | HMMGPU_SNAP_WRITE), n);
	c = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_EQ(c.migrated_to_vram - self->start.migrated_to_vram, n);
	ASSERT_EQ(c.vram_used - self->start.vram_used, n);
	ASSERT_EQ(counters(self->fd, 0).migrated_to_vram, n);

	/* The device reads and writes VRAM through device entries. */
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 100));
	fill(self->buf, self->size, 101);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), n);

	if (variant->coherent) {
		uint64_t faults;

		/* The CPU reads and writes coherent VRAM in place... */
		ASSERT_TRUE(check(self->mem, self->size, 101));
		fill(self->mem, self->size, 102);
		ASSERT_EQ(count_state(self->fd, self->mem, self->size,
				      HMMGPU_SNAP_VRAM_LOCAL), n);
		c = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
		ASSERT_EQ(c.migrated_to_ram, self->start.migrated_to_ram);
		/* ... and the device's entries stay: no fault to see it. */
		ASSERT_EQ(dev_access(self->fd, false, self->mem, self->buf,
				     self->size, &faults), 0);
		ASSERT_EQ(faults, 0);
		ASSERT_TRUE(check(self->buf, self->size, 102));
		ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
				      HMMGPU_MIGRATE_TO_RAM, &moved), 0);
		ASSERT_EQ(moved, n);
		ASSERT_TRUE(check(self->mem, self->size, 102));
	} else {
		/* CPU access migrates back, with the device's data. */
		ASSERT_TRUE(check(self->mem, self->size, 101));
	}
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), 0);
	c = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_EQ(c.migrated_to_ram - self->start.migrated_to_ram, n);
	ASSERT_EQ(c.vram_used, self->start.vram_used);
}

/* Half faulted back by the CPU, all migrated again, then released. */
TEST_F(dmem, migrate_fault_release)
{
	size_t n = variant->pages, half = self->size / 2;
	uint64_t moved;

	fill(self->mem, self->size, 110);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, n);
	ASSERT_TRUE(check(self->mem, half, 110));
	/* Coherent pages stay where they are: nothing to migrate again. */
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL),
		  variant->coherent ? n : n - half / PAGE);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, variant->coherent ? 0 : half / PAGE);

	/* Released by ioctl: everything in system memory, no CPU fault. */
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_RAM, &moved), 0);
	ASSERT_EQ(moved, n);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), 0);
	ASSERT_EQ(counters(self->fd, 0).migrated_to_ram, n);
	ASSERT_TRUE(check(self->mem, self->size, 110));
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
}

/* Shared mappings cannot migrate: nothing moves, data intact. */
TEST_F(dmem, migrate_shared)
{
	void *shared = map_shared_anon(self->size);
	uint64_t moved = 1;

	ASSERT_NE(shared, NULL);
	fill(shared, self->size, 120);
	ASSERT_EQ(dev_migrate(self->fd, shared, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, 0);
	ASSERT_EQ(count_state(self->fd, shared, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), 0);
	ASSERT_TRUE(check(shared, self->size, 120));
	munmap(shared, self->size);
}

/* Read-only, writable and inaccessible parts in one range. */
TEST_F(dmem, migrate_mixed)
{
	size_t third = self->size / 4;
	char *m = self->mem;
	uint64_t moved;

	fill(self->mem, self->size, 130);
	ASSERT_EQ(mprotect(m, third, PROT_READ), 0);
	/* Read-only pages move as read-only device pages. */
	ASSERT_EQ(dev_migrate(self->fd, m, 2 * third, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, 2 * third / PAGE);
	ASSERT_EQ(count_state(self->fd, m, third, HMMGPU_SNAP_VRAM_LOCAL),
		  third / PAGE);
	ASSERT_EQ(count_state(self->fd, m, third, HMMGPU_SNAP_WRITE), 0);
	ASSERT_EQ(dev_write(self->fd, m, self->buf, third), -EPERM);
	/* A PROT_NONE part makes the range fail. */
	ASSERT_EQ(mprotect(m + 3 * third, third, PROT_NONE), 0);
	ASSERT_EQ(dev_migrate(self->fd, m, self->size, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), -EFAULT);
	ASSERT_EQ(mprotect(m + 3 * third, third, PROT_READ), 0);
	ASSERT_TRUE(check(m, self->size, 130));
}

/* Repeated round trips keep the latest data. */
TEST_F(dmem, migrate_multiple)
{
	uint64_t moved;

	for (uint32_t i = 0; i < 6; i++) {
		fill(self->mem, self->size, 140 + i);
		ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
				      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
		/* Coherent pages the CPU wrote in VRAM are still there. */
		ASSERT_EQ(moved, variant->coherent && (i & 1) ? 0 : variant->pages);
		ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
		ASSERT_TRUE(check(self->buf, self->size, 140 + i));
		if (i & 1)
			ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
					      HMMGPU_MIGRATE_TO_RAM, &moved), 0);
		ASSERT_TRUE(check(self->mem, self->size, 140 + i));
	}
}

/* Untouched memory migrates as zero-filled device pages. */
TEST_F(dmem, migrate_unpopulated)
{
	uint64_t moved;

	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, variant->pages);
	for (size_t i = 0; i < self->size; i++)
		ASSERT_EQ(((char *)self->mem)[i], 0);
}

/* Device to device: through system memory; each side sees the data. */
TEST_F(dmem, migrate_device_to_device)
{
	size_t n = variant->pages;
	uint64_t moved;

	fill(self->mem, self->size, 150);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, n);
	ASSERT_EQ(dev_migrate(self->fd_other, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, n);
	ASSERT_EQ(count_state(self->fd_other, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), n);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_REMOTE), n);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
	/*
	 * The first device reading pulls private pages back to system
	 * memory; it reads coherent ones where they are.
	 */
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 150));
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_REMOTE), variant->coherent ? n : 0);
	ASSERT_TRUE(check(self->mem, self->size, 150));
}

/* Two devices mirror the same pages; a CPU write reaches both. */
TEST_F(dmem, double_map)
{
	fill(self->mem, self->size, 160);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 160));
	ASSERT_EQ(dev_read(self->fd_other, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 160));
	fill(self->mem, self->size, 161);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 161));
	ASSERT_EQ(dev_read(self->fd_other, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 161));
}

/*
 * get_user_pages and long-term pins of migrated memory (through the
 * kernel's gup_test debugfs file) migrate private pages back first; a
 * short-term reference takes a coherent page where it is, a long-term pin
 * migrates it out (coherent device memory must stay evictable).
 */
TEST_F(dmem, gup_after_migrate)
{
	struct gup_test gup = {
		.addr = (uintptr_t)self->mem,
		.size = self->size,
		.nr_pages_per_call = 1,
	};
	char *m = self->mem;
	size_t half = self->size / 2;
	uint64_t moved;
	int fd;

	fd = open("/sys/kernel/debug/gup_test", O_RDWR);
	ASSERT_GE(fd, 0) TH_LOG("CONFIG_GUP_TEST and debugfs needed");
	fill(m, self->size, 170);
	ASSERT_EQ(dev_migrate(self->fd, m, self->size, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, variant->pages);
	gup.size = half;
	ASSERT_EQ(ioctl(fd, GUP_BASIC_TEST, &gup), 0);
	gup.addr += half;
	ASSERT_EQ(ioctl(fd, PIN_LONGTERM_BENCHMARK, &gup), 0);
	close(fd);
	ASSERT_EQ(count_state(self->fd, m, half, HMMGPU_SNAP_VRAM_LOCAL),
		  variant->coherent ? half / PAGE : 0);
	ASSERT_EQ(count_state(self->fd, m + half, half, HMMGPU_SNAP_VRAM_LOCAL), 0);
	ASSERT_EQ(dev_read(self->fd, m, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 170));
	ASSERT_TRUE(check(m, self->size, 170));
}

/*
 * fork with pages in VRAM: both processes share them copy-on-write. The
 * child's CPU write and the parent's device write each get their own copy.
 */
TEST_F(dmem, cow_in_device)
{
	int to_child[2], to_parent[2];
	uint64_t moved;
	char token = 0;
	pid_t pid;

	fill(self->mem, self->size, 180);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, variant->pages);
	ASSERT_EQ(pipe(to_child), 0);
	ASSERT_EQ(pipe(to_parent), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (!check(self->mem, self->size, 180))
			_exit(10);
		fill(self->mem, self->size, 181);
		if (write(to_parent[1], &token, 1) != 1 ||
		    read(to_child[0], &token, 1) != 1)
			_exit(11);
		_exit(check(self->mem, self->size, 181) ? 0 : 12);
	}
	ASSERT_EQ(read(to_parent[0], &token, 1), 1);
	/* The parent's device still reads the shared original... */
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 180));
	/* ... and its write breaks COW without reaching the child. */
	fill(self->buf, self->size, 182);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_EQ(write(to_child[1], &token, 1), 1);
	ASSERT_EQ(child_status(pid), 0);
	ASSERT_TRUE(check(self->mem, self->size, 182));
}

/* Closing the device with pages in VRAM: they stay usable. */
TEST_F(dmem, close_teardown)
{
	for (uint32_t i = 0; i < 4; i++) {
		int fd = hmmgpu_open_kind(variant->device, variant->coherent);
		uint64_t moved;

		ASSERT_GE(fd, 0);
		fill(self->mem, self->size, 190 + i);
		ASSERT_EQ(dev_migrate(fd, self->mem, self->size,
				      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
		/* Coherent pages stay in VRAM across the CPU's check. */
		ASSERT_EQ(moved, variant->coherent && i ? 0 : variant->pages);
		ASSERT_EQ(close(fd), 0);
		ASSERT_EQ(count_state(self->fd, self->mem, self->size,
				      HMMGPU_SNAP_VRAM_LOCAL), variant->pages);
		ASSERT_TRUE(check(self->mem, self->size, 190 + i));
	}
}

/* A process exits with pages in VRAM: they are freed. */
TEST_F(dmem, exit_with_device_memory)
{
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd = hmmgpu_open_kind(variant->device, variant->coherent);
		void *p = map_anon(self->size);
		uint64_t moved;

		if (fd < 0 || !p)
			_exit(10);
		fill(p, self->size, 200);
		if (dev_migrate(fd, p, self->size, HMMGPU_MIGRATE_TO_VRAM,
				&moved) || moved != variant->pages)
			_exit(11);
		_exit(0);
	}
	ASSERT_EQ(child_status(pid), 0);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
}

/* Two processes use one device at once, each with its own GPU VM. */
TEST_F(dmem, two_processes)
{
	int go[2], done[2];
	uint64_t moved;
	char token = 0;
	pid_t pid;

	ASSERT_EQ(pipe(go), 0);
	ASSERT_EQ(pipe(done), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd = hmmgpu_open_kind(variant->device, variant->coherent);
		void *p = map_anon(self->size);
		void *b = malloc(self->size);

		if (fd < 0 || !p || !b)
			_exit(10);
		fill(p, self->size, 210);
		if (dev_migrate(fd, p, self->size, HMMGPU_MIGRATE_TO_VRAM,
				&moved) || moved != variant->pages)
			_exit(11);
		if (write(done[1], &token, 1) != 1 || read(go[0], &token, 1) != 1)
			_exit(12);
		if (dev_read(fd, p, b, self->size) || !check(b, self->size, 210))
			_exit(13);
		_exit(check(p, self->size, 210) ? 0 : 14);
	}
	fill(self->mem, self->size, 211);
	ASSERT_EQ(dev_migrate(self->fd, self->mem, self->size,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, variant->pages);
	ASSERT_EQ(read(done[0], &token, 1), 1);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used -
		  self->start.vram_used, 2 * variant->pages);
	ASSERT_EQ(write(go[1], &token, 1), 1);
	ASSERT_EQ(child_status(pid), 0);
	ASSERT_EQ(dev_read(self->fd, self->mem, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 211));
	ASSERT_TRUE(check(self->mem, self->size, 211));
}

struct race {
	int fd;
	char *mem;
	size_t size;
	bool stop; /* accessed with __atomic builtins */
	int bad;
};

static void *race_migrate(void *arg)
{
	struct race *r = arg;
	uint64_t moved;

	while (!__atomic_load_n(&r->stop, __ATOMIC_RELAXED)) {
		int ret = dev_migrate(r->fd, r->mem, r->size,
				      HMMGPU_MIGRATE_TO_VRAM, &moved);

		if (ret && ret != -EFAULT)
			r->bad = ret;
		ret = dev_migrate(r->fd, r->mem, r->size, HMMGPU_MIGRATE_TO_RAM,
				  &moved);
		if (ret && ret != -EFAULT)
			r->bad = ret;
	}
	return NULL;
}

/* munmap and mmap again while another thread migrates the same range. */
TEST_F(dmem, munmap_race)
{
	struct race r = { .fd = self->fd, .mem = self->mem, .size = self->size };
	pthread_t t;

	ASSERT_EQ(pthread_create(&t, NULL, race_migrate, &r), 0);
	for (uint32_t i = 0; i < 40; i++) {
		void *p;

		fill(self->mem, self->size, 220 + i);
		ASSERT_TRUE(check(self->mem, self->size, 220 + i));
		ASSERT_EQ(munmap(self->mem, self->size), 0);
		p = mmap(self->mem, self->size, PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		ASSERT_EQ(p, self->mem);
	}
	__atomic_store_n(&r.stop, true, __ATOMIC_RELAXED);
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_EQ(r.bad, 0);
	ASSERT_EQ(munmap(self->mem, self->size), 0);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
	self->mem = map_anon(self->size);
}

/*
 * VRAM exhaustion: migrating more evicts the least recently migrated
 * pages to system memory, and no data is lost.
 */
TEST_F(dmem, vram_exhaustion)
{
	struct drm_hmmgpu_counters c;
	size_t vram = self->start.vram_pages - self->start.vram_used;
	size_t extra = 128;
	size_t asize = vram * PAGE, bsize = extra * PAGE;
	uint8_t *snap;
	char *a, *b;
	uint64_t moved;
	size_t i;

	a = map_anon(asize);
	b = map_anon(bsize);
	snap = malloc(vram);
	ASSERT_NE(a, NULL);
	ASSERT_NE(b, NULL);
	ASSERT_NE(snap, NULL);
	fill(a, asize, 230);
	fill(b, bsize, 231);
	ASSERT_EQ(dev_migrate(self->fd, a, asize, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, vram);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_pages);

	ASSERT_EQ(dev_migrate(self->fd, b, bsize, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, extra);
	c = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_EQ(c.evictions - self->start.evictions, extra);
	ASSERT_EQ(c.vram_used, self->start.vram_pages);
	ASSERT_EQ(count_state(self->fd, b, bsize, HMMGPU_SNAP_VRAM_LOCAL), extra);
	/* The evicted ones are the first migrated, i.e. the start of a. */
	ASSERT_EQ(dev_snapshot(self->fd, a, asize, snap), 0);
	for (i = 0; i < vram; i++)
		ASSERT_EQ(!!(snap[i] & HMMGPU_SNAP_VRAM_LOCAL), i >= extra)
			TH_LOG("page %zu", i);

	ASSERT_EQ(dev_read(self->fd, a, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 230));
	ASSERT_TRUE(check(a, asize, 230));
	ASSERT_TRUE(check(b, bsize, 231));
	munmap(a, asize);
	munmap(b, bsize);
	free(snap);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
}

/*
 * exec: the old address space and its device memory go away; an inherited
 * file mirrors the old address space and refuses the new image.
 */
static void __attribute__((constructor)) exec_child(void)
{
	alignas(4096) char page[PAGE];
	const char *env = getenv("HMMGPU_EXEC_CHILD_FD");
	char buf[PAGE];

	if (!env)
		return;
	_exit(dev_read(atoi(env), page, buf, PAGE) == -EACCES ? 0 : 1);
}

/*
 * Removal of the driver while a process still has pages in VRAM (guest-suite
 * step hmmgpu-remove-busy): with HMMGPU_HOLD_PAGES=n the program migrates n
 * pages to device 0's VRAM, closes the device, prints "ready" and waits for
 * a line on stdin; meanwhile rmmod must evict the pages to system memory.
 * It exits 0 when the data survived.
 */
static void __attribute__((constructor)) hold_mode(void)
{
	const char *env = getenv("HMMGPU_HOLD_PAGES");
	size_t size;
	uint64_t moved;
	void *p;
	int fd;

	if (!env)
		return;
	size = strtoul(env, NULL, 0) * PAGE;
	fd = hg_open(0);
	p = map_anon(size);
	if (fd < 0 || !p || !size)
		_exit(2);
	fill(p, size, 400);
	if (dev_migrate(fd, p, size, HMMGPU_MIGRATE_TO_VRAM, &moved) ||
	    moved != size / PAGE || count_state(fd, p, size,
						HMMGPU_SNAP_VRAM_LOCAL) != moved)
		_exit(3);
	close(fd);
	printf("ready\n");
	fflush(stdout);
	if (getchar() == EOF)
		_exit(4);
	_exit(check(p, size, 400) ? 0 : 5);
}

TEST_F(dmem, exec_teardown)
{
	pid_t pid = fork();

	ASSERT_GE(pid, 0);
	if (pid == 0) {
		int fd = hmmgpu_open_kind(variant->device, variant->coherent);
		void *p = map_anon(self->size);
		char env[32];
		uint64_t moved;

		if (fd < 0 || !p || fcntl(fd, F_SETFD, 0))
			_exit(20);
		fill(p, self->size, 240);
		if (dev_migrate(fd, p, self->size, HMMGPU_MIGRATE_TO_VRAM,
				&moved) || moved != variant->pages)
			_exit(21);
		snprintf(env, sizeof(env), "%d", fd);
		setenv("HMMGPU_EXEC_CHILD_FD", env, 1);
		execl("/proc/self/exe", "hmmgpu-test", NULL);
		_exit(22);
	}
	ASSERT_EQ(child_status(pid), 0);
	ASSERT_EQ(counters(self->fd, HMMGPU_COUNTERS_DEVICE).vram_used,
		  self->start.vram_used);
}

/* ---- exclusive access and device atomics ---- */

/*
 * The device holds the pages exclusively; atomics need no fault; the CPU
 * revokes by touching and sees the device's results.
 */
TEST_F(dmem, exclusive)
{
	size_t n = variant->pages;
	uint64_t pages, old;
	struct drm_hmmgpu_counters c;

	fill(self->mem, self->size, 250);
	ASSERT_EQ(dev_exclusive(self->fd, self->mem, self->size, &pages), 0);
	ASSERT_EQ(pages, n);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_EXCLUSIVE), n);
	c = counters(self->fd, 0);
	for (size_t i = 0; i < n; i++) {
		uint64_t *w = (uint64_t *)((char *)self->mem + i * PAGE);

		ASSERT_EQ(dev_atomic_add(self->fd, w, 1000, &old), 0);
		ASSERT_EQ(old, ((uint64_t)(250 + i * 1024 + 1) << 32) |
			       (250 + i * 1024));
	}
	/* Atomics on exclusive entries take no new fault or invalidation. */
	ASSERT_EQ(counters(self->fd, 0).invalidations, c.invalidations);
	ASSERT_EQ(counters(self->fd, 0).atomics - c.atomics, n);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_EXCLUSIVE), n);

	/* CPU reads revoke exclusive access and see the sums. */
	for (size_t i = 0; i < n; i++) {
		uint64_t *w = (uint64_t *)((char *)self->mem + i * PAGE);

		ASSERT_EQ(*w, (((uint64_t)(250 + i * 1024 + 1) << 32) |
			       (250 + i * 1024)) + 1000);
	}
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_EXCLUSIVE), 0);
	ASSERT_GT(counters(self->fd, 0).invalidations, c.invalidations);
	/* An atomic on a page without exclusive access takes it again. */
	ASSERT_EQ(dev_atomic_add(self->fd, self->mem, 1, &old), 0);
	ASSERT_EQ(old, (((uint64_t)251 << 32) | 250) + 1000);
	ASSERT_EQ(*(uint64_t *)self->mem, (((uint64_t)251 << 32) | 250) + 1001);
}

/* mprotect read-only revokes exclusive access; atomics then fail. */
TEST_F(dmem, exclusive_mprotect)
{
	uint64_t pages;

	fill(self->mem, self->size, 260);
	ASSERT_EQ(dev_exclusive(self->fd, self->mem, self->size, &pages), 0);
	ASSERT_EQ(pages, variant->pages);
	ASSERT_EQ(mprotect(self->mem, self->size, PROT_READ), 0);
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_EXCLUSIVE), 0);
	ASSERT_EQ(dev_atomic_add(self->fd, self->mem, 1, NULL), -EFAULT);
	ASSERT_EQ(dev_exclusive(self->fd, self->mem, self->size, &pages), -EFAULT);
	ASSERT_EQ(dev_write(self->fd, self->mem, self->buf, self->size), -EPERM);
	ASSERT_TRUE(check(self->mem, self->size, 260));
}

/* fork with exclusive pages: COW gives each process its own copy. */
TEST_F(dmem, exclusive_cow)
{
	uint64_t pages, old;
	pid_t pid;

	fill(self->mem, self->size, 270);
	ASSERT_EQ(dev_exclusive(self->fd, self->mem, self->size, &pages), 0);
	ASSERT_EQ(pages, variant->pages);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		if (!check(self->mem, self->size, 270))
			_exit(10);
		fill(self->mem, self->size, 271);
		_exit(check(self->mem, self->size, 271) ? 0 : 11);
	}
	ASSERT_EQ(child_status(pid), 0);
	ASSERT_EQ(dev_atomic_add(self->fd, self->mem, 5, &old), 0);
	ASSERT_EQ(old, ((uint64_t)271 << 32) | 270);
	ASSERT_EQ(*(uint64_t *)self->mem, (((uint64_t)271 << 32) | 270) + 5);
	ASSERT_TRUE(check((char *)self->mem + 8, self->size - 8, 272));
}

/* File-backed memory cannot be held exclusively. */
TEST_F(dmem, exclusive_file)
{
	void *shared = map_shared_anon(self->size);
	uint64_t pages = 1;

	ASSERT_NE(shared, NULL);
	fill(shared, self->size, 280);
	ASSERT_EQ(dev_exclusive(self->fd, shared, self->size, &pages), -EBUSY);
	ASSERT_EQ(pages, 0);
	ASSERT_TRUE(check(shared, self->size, 280));
	munmap(shared, self->size);
}

struct cpu_adder {
	uint64_t *word;
	int rounds;
};

static void *cpu_add(void *arg)
{
	struct cpu_adder *a = arg;

	for (int i = 0; i < a->rounds; i++)
		__atomic_fetch_add(a->word, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * Device atomics on a page in VRAM mixed with CPU atomics on it. Coherent
 * VRAM: the CPU adds in place, at the same time as the device, and the
 * page never leaves VRAM. Private VRAM: each CPU add faults the page back
 * and the next device add takes exclusive access again, so they alternate.
 * Either way no add is lost.
 */
TEST_F(dmem, atomic_in_vram)
{
	struct cpu_adder adder = { .word = self->mem, .rounds = 3000 };
	struct drm_hmmgpu_counters c;
	int device_rounds = 100;
	uint64_t moved, old;
	pthread_t t;

	*adder.word = 7;
	ASSERT_EQ(dev_migrate(self->fd, self->mem, PAGE, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, 1);
	if (variant->coherent) {
		ASSERT_EQ(pthread_create(&t, NULL, cpu_add, &adder), 0);
		for (int i = 0; i < device_rounds; i++)
			ASSERT_EQ(dev_atomic_add(self->fd, adder.word, 1000, &old), 0);
		ASSERT_EQ(pthread_join(t, NULL), 0);
		ASSERT_EQ(count_state(self->fd, self->mem, PAGE,
				      HMMGPU_SNAP_VRAM_LOCAL), 1);
		c = counters(self->fd, HMMGPU_COUNTERS_DEVICE);
		ASSERT_EQ(c.migrated_to_ram, self->start.migrated_to_ram);
	} else {
		adder.rounds = 1;
		device_rounds = 20;
		for (int i = 0; i < device_rounds; i++) {
			ASSERT_EQ(dev_atomic_add(self->fd, adder.word, 1000, &old), 0);
			cpu_add(&adder);
		}
		adder.rounds = device_rounds;
	}
	ASSERT_EQ(*adder.word, 7 + adder.rounds + 1000ull * device_rounds);
}

/* ---- snapshot of every page state ---- */

TEST_F(dmem, snapshot)
{
	char *m = map_anon(8 * PAGE);
	uint8_t s[8];
	uint64_t moved, pages;

	ASSERT_NE(m, NULL);
	/*
	 * 0: untouched. 1: zero page. 2: read-only. 3: writable. 4: local
	 * VRAM. 5: remote VRAM. 6: PROT_NONE. 7: exclusive.
	 */
	ASSERT_EQ(dev_read(self->fd, m + PAGE, self->buf, PAGE), 0);
	m[2 * PAGE] = 2;
	m[3 * PAGE] = 3;
	m[4 * PAGE] = 4;
	m[5 * PAGE] = 5;
	m[7 * PAGE] = 7;
	ASSERT_EQ(dev_migrate(self->fd, m + 4 * PAGE, PAGE,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, 1);
	ASSERT_EQ(dev_migrate(self->fd_other, m + 5 * PAGE, PAGE,
			      HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, 1);
	ASSERT_EQ(dev_exclusive(self->fd, m + 7 * PAGE, PAGE, &pages), 0);
	ASSERT_EQ(mprotect(m + 2 * PAGE, PAGE, PROT_READ), 0);
	ASSERT_EQ(mprotect(m + 6 * PAGE, PAGE, PROT_NONE), 0);

	ASSERT_EQ(dev_snapshot(self->fd, m, 8 * PAGE, s), 0);
	ASSERT_EQ(s[0], 0);
	ASSERT_EQ(s[1], HMMGPU_SNAP_READ | HMMGPU_SNAP_ZERO);
	ASSERT_EQ(s[2], HMMGPU_SNAP_READ);
	ASSERT_EQ(s[3], HMMGPU_SNAP_READ | HMMGPU_SNAP_WRITE);
	ASSERT_EQ(s[4], HMMGPU_SNAP_READ | HMMGPU_SNAP_WRITE |
			HMMGPU_SNAP_VRAM_LOCAL);
	ASSERT_EQ(s[5], HMMGPU_SNAP_READ | HMMGPU_SNAP_WRITE |
			HMMGPU_SNAP_VRAM_REMOTE);
	ASSERT_EQ(s[6], HMMGPU_SNAP_ERROR);
	ASSERT_EQ(s[7], HMMGPU_SNAP_EXCLUSIVE);
	/* The snapshot changed nothing. */
	ASSERT_EQ(m[4 * PAGE] + m[5 * PAGE] + m[7 * PAGE], 16);
	munmap(m, 8 * PAGE);
}

/* ---- huge pages ---- */

/* A THP is mirrored by one 2 MiB entry; device writes reach it. */
TEST_F(dmem, thp_compound)
{
	struct drm_hmmgpu_counters c0, c1;
	char *m = map_aligned(2 * HPAGE);
	void *b = malloc(2 * HPAGE);
	uint64_t faults;

	ASSERT_NE(m, NULL);
	ASSERT_NE(b, NULL);
	ASSERT_EQ(madvise(m, 2 * HPAGE, MADV_HUGEPAGE), 0);
	fill(m, 2 * HPAGE, 300);
	ASSERT_EQ(count_state(self->fd, m, 2 * HPAGE, HMMGPU_SNAP_PMD),
		  2 * HPAGE / PAGE);
	c0 = counters(self->fd, 0);
	ASSERT_EQ(dev_access(self->fd, false, m, b, 2 * HPAGE, &faults), 0);
	ASSERT_TRUE(check(b, 2 * HPAGE, 300));
	c1 = counters(self->fd, 0);
	/* One fault per huge page: the 2 MiB entry covers the rest. */
	ASSERT_EQ(faults, 2);
	ASSERT_EQ(c1.pages_mirrored - c0.pages_mirrored, 2 * HPAGE / PAGE);
	fill(b, 2 * HPAGE, 301);
	ASSERT_EQ(dev_write(self->fd, m, b, 2 * HPAGE), 0);
	ASSERT_TRUE(check(m, 2 * HPAGE, 301));
	/* Splitting the huge page (mprotect of a part) invalidates the entry. */
	ASSERT_EQ(mprotect(m, PAGE, PROT_READ), 0);
	ASSERT_EQ(dev_write(self->fd, m + PAGE, b, PAGE), 0);
	ASSERT_EQ(dev_write(self->fd, m, b, PAGE), -EPERM);
	ASSERT_TRUE(check(m, PAGE, 301));
	munmap(m, 2 * HPAGE);
	free(b);
}

/* Exclusive access and migration split THPs first. */
TEST_F(dmem, thp_exclusive_migrate)
{
	char *m = map_aligned(HPAGE);
	uint64_t pages, moved, old;

	ASSERT_NE(m, NULL);
	ASSERT_EQ(madvise(m, HPAGE, MADV_HUGEPAGE), 0);
	fill(m, HPAGE, 310);
	ASSERT_EQ(count_state(self->fd, m, HPAGE, HMMGPU_SNAP_PMD), HPAGE / PAGE);
	ASSERT_EQ(dev_exclusive(self->fd, m, HPAGE, &pages), 0);
	ASSERT_EQ(pages, HPAGE / PAGE);
	ASSERT_EQ(dev_atomic_add(self->fd, m + HPAGE - 8, 3, &old), 0);
	ASSERT_EQ(old, ((uint64_t)(310 + HPAGE / 4 - 1) << 32) |
		       (310 + HPAGE / 4 - 2));
	ASSERT_EQ(*(uint64_t *)(m + HPAGE - 8), old + 3);
	ASSERT_EQ(dev_migrate(self->fd, m, HPAGE, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), 0);
	ASSERT_EQ(moved, HPAGE / PAGE);
	ASSERT_TRUE(check(m, HPAGE - 8, 310));
	munmap(m, HPAGE);
}

/* hugetlbfs: mirrored as 2 MiB entries; not migratable. */
TEST_F(dmem, hugetlbfs)
{
	char *m = mmap(NULL, HPAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0);
	void *b = malloc(HPAGE);
	uint64_t moved = 1;

	ASSERT_NE(m, MAP_FAILED)
		TH_LOG("no huge pages: echo 16 >/proc/sys/vm/nr_hugepages");
	ASSERT_NE(b, NULL);
	fill(m, HPAGE, 320);
	ASSERT_EQ(dev_read(self->fd, m, b, HPAGE), 0);
	ASSERT_TRUE(check(b, HPAGE, 320));
	ASSERT_EQ(count_state(self->fd, m, HPAGE, HMMGPU_SNAP_PMD | HMMGPU_SNAP_WRITE),
		  HPAGE / PAGE);
	fill(b, HPAGE, 321);
	ASSERT_EQ(dev_write(self->fd, m, b, HPAGE), 0);
	ASSERT_TRUE(check(m, HPAGE, 321));
	ASSERT_EQ(dev_migrate(self->fd, m, HPAGE, HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, 0);
	munmap(m, HPAGE);
	free(b);
}

/* ---- file-backed and special mappings ---- */

TEST_F(dmem, file_read_write)
{
	char path[] = "/tmp/hmmgpu-test-XXXXXX";
	int fd = mkstemp(path);
	void *m;

	ASSERT_GE(fd, 0);
	unlink(path);
	fill(self->buf, self->size, 330);
	ASSERT_EQ(write(fd, self->buf, self->size), (ssize_t)self->size);
	m = mmap(NULL, self->size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_NE(m, MAP_FAILED);
	memset(self->buf, 0, self->size);
	ASSERT_EQ(dev_read(self->fd, m, self->buf, self->size), 0);
	ASSERT_TRUE(check(self->buf, self->size, 330));
	fill(self->buf, self->size, 331);
	ASSERT_EQ(dev_write(self->fd, m, self->buf, self->size), 0);
	memset(self->buf, 0, self->size);
	ASSERT_EQ(pread(fd, self->buf, self->size, 0), (ssize_t)self->size);
	ASSERT_TRUE(check(self->buf, self->size, 331));
	munmap(m, self->size);
	close(fd);
}

/*
 * A VM_PFNMAP | VM_IO mapping ([vvar]): the device cannot reach it, and
 * asking is an error, not a crash.
 */
TEST_F(dmem, special_mapping)
{
	FILE *f = fopen("/proc/self/maps", "r");
	unsigned long lo = 0, hi = 0;
	char line[256];
	uint8_t s[4];
	uint64_t moved;

	ASSERT_NE(f, NULL);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "[vvar]"))
			sscanf(line, "%lx-%lx", &lo, &hi);
	fclose(f);
	ASSERT_NE(lo, 0);
	ASSERT_EQ(dev_read(self->fd, (void *)lo, self->buf, PAGE), -EFAULT);
	ASSERT_EQ(dev_snapshot(self->fd, (void *)lo, PAGE, s), 0);
	ASSERT_EQ(s[0], HMMGPU_SNAP_ERROR);
	ASSERT_EQ(dev_migrate(self->fd, (void *)lo, PAGE, HMMGPU_MIGRATE_TO_VRAM,
			      &moved), -EFAULT);
}

/* Malformed requests to the device memory ioctls. */
TEST_F(dmem, bad_input_dmem)
{
	struct drm_hmmgpu_migrate m = {
		.addr = (uintptr_t)self->mem, .size = PAGE,
		.flags = HMMGPU_MIGRATE_TO_VRAM,
	};
	struct drm_hmmgpu_exclusive e = { .addr = (uintptr_t)self->mem, .size = PAGE };
	struct drm_hmmgpu_atomic a = { .addr = (uintptr_t)self->mem };
	struct drm_hmmgpu_snapshot s = {
		.addr = (uintptr_t)self->mem, .size = PAGE,
		.ptr = (uintptr_t)self->buf,
	};
	struct drm_hmmgpu_migrate mb;
	struct drm_hmmgpu_exclusive eb;
	struct drm_hmmgpu_atomic ab;
	struct drm_hmmgpu_snapshot sb;

#define BAD(cmd, var, field, value, err)				\
	do {								\
		var##b = var;						\
		var##b.field = value;					\
		ASSERT_EQ(ioctl(self->fd, cmd, &var##b), -1)		\
			TH_LOG(#cmd " " #field "=" #value);		\
		ASSERT_EQ(errno, err) TH_LOG(#cmd " " #field "=" #value); \
	} while (0)

	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, flags, 0, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, flags, 3, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, flags, 4, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, pad, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, extensions, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, addr, m.addr + 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, size, 0, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, size, ~0ull & ~(PAGE - 1), EINVAL);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, addr, PAGE, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_MIGRATE, m, addr, 0xffff888000000000ull, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_EXCLUSIVE, e, flags, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_EXCLUSIVE, e, pad, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_EXCLUSIVE, e, size, 5, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_EXCLUSIVE, e, addr, PAGE, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_EXCLUSIVE, e, addr, 0xffffffffff600000ull, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_ATOMIC, a, op, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_ATOMIC, a, pad, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_ATOMIC, a, addr, a.addr + 4, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_ATOMIC, a, addr, PAGE, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_ATOMIC, a, addr, 0xffff888000000000ull, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, flags, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, pad, 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, size, PAGE + 1, EINVAL);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, ptr, 8, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, ptr, 0xffff888000000000ull, EFAULT);
	BAD(DRM_IOCTL_HMMGPU_SNAPSHOT, s, addr, 0xffff888000000000ull, EFAULT);
#undef BAD
	/* None of it touched the memory. */
	ASSERT_EQ(count_state(self->fd, self->mem, self->size,
			      HMMGPU_SNAP_VRAM_LOCAL), 0);
}

/*
 * Runs last: the device totals after the whole run. Every kind of event
 * must have been counted on every device (each dmem test ran on each), and
 * no VRAM page may still be in use.
 */
FIXTURE(totals)
{
	int unused;
};

FIXTURE_SETUP(totals)
{
}

FIXTURE_TEARDOWN(totals)
{
}

/* A fixture of its own: the global fixture of plain TEST()s runs first. */
TEST_F(totals, device_totals)
{
	int devices = 0;

	for (int d = 0;; d++) {
		int fd = hg_open(d);
		struct drm_hmmgpu_counters c;

		if (fd < 0)
			break;
		devices++;
		c = counters(fd, HMMGPU_COUNTERS_DEVICE);
		TH_LOG("device %d%s: faults %llu pages_mirrored %llu invalidations %llu pages_invalidated %llu bytes_read %llu bytes_written %llu migrated_to_vram %llu migrated_to_ram %llu evictions %llu atomics %llu vram_pages %llu vram_used %llu",
		       d, c.vram_flags & HMMGPU_VRAM_COHERENT ? " (coherent)" : "",
		       c.faults, c.pages_mirrored, c.invalidations,
		       c.pages_invalidated, c.bytes_read, c.bytes_written,
		       c.migrated_to_vram, c.migrated_to_ram, c.evictions,
		       c.atomics, c.vram_pages, c.vram_used);
		ASSERT_GT(c.faults, 0);
		ASSERT_GT(c.pages_mirrored, 0);
		ASSERT_GT(c.invalidations, 0);
		ASSERT_GT(c.pages_invalidated, 0);
		ASSERT_GT(c.bytes_read, 0);
		ASSERT_GT(c.bytes_written, 0);
		ASSERT_GT(c.migrated_to_vram, 0);
		ASSERT_GT(c.migrated_to_ram, 0);
		ASSERT_GE(c.migrated_to_ram, c.evictions);
		ASSERT_GT(c.evictions, 0);
		ASSERT_GT(c.atomics, 0);
		ASSERT_EQ(c.vram_used, 0);
		close(fd);
	}
	/* Two devices of each kind (see FIXTURE_SETUP(dmem)). */
	ASSERT_EQ(devices, 4);
}

TEST_HARNESS_MAIN
