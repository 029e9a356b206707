// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu-fuzz: throws random ioctls at every hmmgpu render node -- random
 * command numbers and sizes, flags, padding and ranges built from mapped,
 * read-only, PROT_NONE, unmapped, unaligned, overflowing and kernel
 * addresses -- and then checks that the driver still works. The kernel
 * side of the verdict is the VM's log check (no splat of any kind).
 *
 *   hmmgpu-fuzz [ITERATIONS [SEED]]     (defaults 4000, 1)
 *
 * Deterministic: the same seed gives the same sequence. Exit status 0 when
 * every ioctl returned (success or a documented errno) and the final
 * sanity check passed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdalign.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <drm.h>
#include <hmmgpu_drm.h>

#include "hmmgpu-job.h"
#include "hmmgpu-rng.h"

#define PAGE 4096ul
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define ARENA_PAGES 64
/* More than the largest offset plus size fuzz_addr() and fuzz_size() make. */
#define GUARD_PAGES 256

static char *arena;

/* An address: mostly inside the arena, sometimes anything but. */
static uint64_t fuzz_addr(void)
{
	static const uint64_t special[] = {
		0, PAGE, 0x7ffffffff000ull, 0x800000000000ull,
		0xffff888000000000ull, 0xffffffff81000000ull,
		0xffffffffff600000ull, ~0ull, ~0ull & ~(PAGE - 1),
	};
	uint64_t a;

	switch (below(8)) {
	case 0:
		return special[below(ARRAY_SIZE(special))];
	case 1:
		return rnd();
	case 2:
		a = (uintptr_t)arena + below(ARENA_PAGES * PAGE);
		return a; /* unaligned */
	default:
		return (uintptr_t)arena + below(ARENA_PAGES + 4) * PAGE -
		       2 * PAGE;
	}
}

static uint64_t fuzz_size(void)
{
	switch (below(6)) {
	case 0:
		return rnd();
	case 1:
		return below(3 * PAGE);
	case 2:
		return ~0ull - below(2) * PAGE;
	default:
		return below(ARENA_PAGES + 2) * PAGE;
	}
}

/* Usually a valid value, sometimes random bits. */
static uint32_t fuzz_small(uint32_t valid)
{
	switch (below(8)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return 1u << below(32);
	default:
		return valid;
	}
}

static uint32_t fuzz_flags(uint32_t mask)
{
	return below(4) ? (uint32_t)rnd() & mask : (uint32_t)rnd();
}

static uint64_t fuzz_zero64(void)
{
	return below(10) ? 0 : rnd();
}

static const unsigned long cmds[] = {
	DRM_IOCTL_HMMGPU_READ,     DRM_IOCTL_HMMGPU_WRITE,
	DRM_IOCTL_HMMGPU_COUNTERS, DRM_IOCTL_HMMGPU_MIGRATE,
	DRM_IOCTL_HMMGPU_EXCLUSIVE, DRM_IOCTL_HMMGPU_ATOMIC,
	DRM_IOCTL_HMMGPU_SNAPSHOT,
};

/* Fills @buf as the argument of @cmd, with plausible and wild values. */
static void fuzz_args(unsigned long cmd, void *buf)
{
	if (cmd == DRM_IOCTL_HMMGPU_READ || cmd == DRM_IOCTL_HMMGPU_WRITE) {
		struct drm_hmmgpu_access *a = buf;

		a->extensions = fuzz_zero64();
		a->addr = fuzz_addr();
		a->ptr = fuzz_addr();
		a->size = fuzz_size();
		a->flags = fuzz_small(0);
		a->pad = fuzz_small(0);
	} else if (cmd == DRM_IOCTL_HMMGPU_COUNTERS) {
		struct drm_hmmgpu_counters *c = buf;

		c->extensions = fuzz_zero64();
		c->flags = fuzz_flags(HMMGPU_COUNTERS_FLAGS);
		c->pad = fuzz_small(0);
	} else if (cmd == DRM_IOCTL_HMMGPU_MIGRATE) {
		struct drm_hmmgpu_migrate *m = buf;

		m->extensions = fuzz_zero64();
		m->addr = fuzz_addr();
		m->size = fuzz_size();
		m->flags = fuzz_flags(HMMGPU_MIGRATE_TO_VRAM | HMMGPU_MIGRATE_TO_RAM);
		m->pad = fuzz_small(0);
	} else if (cmd == DRM_IOCTL_HMMGPU_EXCLUSIVE) {
		struct drm_hmmgpu_exclusive *e = buf;

		e->extensions = fuzz_zero64();
		e->addr = fuzz_addr();
		e->size = fuzz_size();
		e->flags = fuzz_small(0);
		e->pad = fuzz_small(0);
	} else if (cmd == DRM_IOCTL_HMMGPU_ATOMIC) {
		struct drm_hmmgpu_atomic *a = buf;

		a->extensions = fuzz_zero64();
		a->addr = fuzz_addr() & ~(uint64_t)(below(4) ? 7 : 0);
		a->value = rnd();
		a->op = fuzz_small(HMMGPU_ATOMIC_ADD);
		a->pad = fuzz_small(0);
	} else if (cmd == DRM_IOCTL_HMMGPU_SNAPSHOT) {
		struct drm_hmmgpu_snapshot *s = buf;

		s->extensions = fuzz_zero64();
		s->addr = fuzz_addr();
		s->size = fuzz_size();
		s->ptr = fuzz_addr();
		s->flags = fuzz_small(0);
		s->pad = fuzz_small(0);
	} else {
		uint64_t *w = buf;

		for (int i = 0; i < 32; i++)
			w[i] = below(2) ? fuzz_addr() : fuzz_size();
	}
}

/*
 * The errnos the UAPI documents (ENOENT: PROGRAM_DESTROY and SUBMIT with a
 * handle the file does not have, which random command numbers reach), plus
 * ENOTTY/EOPNOTSUPP/EACCES for command numbers the driver does not have or
 * refuses on render nodes.
 */
static bool documented(int err)
{
	switch (err) {
	case EINVAL: case EFAULT: case ENOMEM: case EPERM: case EACCES:
	case EBUSY: case EOPNOTSUPP: case ENOTTY: case EINTR: case ESRCH:
	case ENODEV: case ENOENT:
		return true;
	}
	return false;
}

/* After the storm: a device write and read of fresh memory still work. */
static bool sanity(int fd)
{
	char *m = mmap(NULL, 4 * PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char in[4 * PAGE], out[4 * PAGE];
	struct drm_hmmgpu_access a = {
		.addr = (uintptr_t)m, .ptr = (uintptr_t)in, .size = sizeof(in),
	};

	if (m == MAP_FAILED)
		return false;
	for (size_t i = 0; i < sizeof(in); i++)
		in[i] = (char)(i * 7);
	if (ioctl(fd, DRM_IOCTL_HMMGPU_WRITE, &a))
		return false;
	a.ptr = (uintptr_t)out;
	if (ioctl(fd, DRM_IOCTL_HMMGPU_READ, &a))
		return false;
	return !memcmp(in, out, sizeof(in)) && !memcmp(m, in, sizeof(in));
}

int main(int argc, char **argv)
{
	unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 4000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	unsigned long calls = 0, ok = 0, undocumented = 0;
	char *guard;
	int fds[2];

	rng_seed(seed);
	fds[0] = hg_open(0);
	fds[1] = hg_open(1);
	if (fds[0] < 0) {
		fprintf(stderr, "hmmgpu-fuzz: no hmmgpu render node\n");
		return 1;
	}
	if (fds[1] < 0)
		fds[1] = fds[0];

	/*
	 * The arena: read-write pages, a read-only page, a PROT_NONE page and a
	 * hole, inside PROT_NONE guards wider than any range the fuzzer builds
	 * from it, so device writes and copies to it can never reach the
	 * fuzzer's own memory.
	 */
	guard = mmap(NULL, (ARENA_PAGES + 2 * GUARD_PAGES) * PAGE, PROT_NONE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (guard == MAP_FAILED)
		return 1;
	arena = guard + GUARD_PAGES * PAGE;
	if (mprotect(arena, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE))
		return 1;
	memset(arena, 0x5a, ARENA_PAGES * PAGE);
	mprotect(arena + 8 * PAGE, PAGE, PROT_READ);
	mprotect(arena + 9 * PAGE, PAGE, PROT_NONE);
	munmap(arena + 10 * PAGE, 2 * PAGE);

	for (unsigned long i = 0; i < iterations; i++) {
		alignas(8) uint64_t buf[32];
		unsigned long cmd = cmds[below(ARRAY_SIZE(cmds))];
		void *arg = buf;
		int fd = fds[below(2)];
		int ret;

		memset(buf, 0, sizeof(buf));
		fuzz_args(cmd, buf);
		switch (below(10)) {
		case 0: /* a driver command number with any direction and size */
			cmd = _IOC(below(4), DRM_IOCTL_BASE,
				   DRM_COMMAND_BASE + below(0x20), below(256));
			break;
		case 1: /* a known command with the wrong size */
			cmd = _IOC(_IOC_DIR(cmd), DRM_IOCTL_BASE, _IOC_NR(cmd),
				   below(256));
			break;
		case 2: /* a bad argument pointer */
			arg = (void *)(uintptr_t)fuzz_addr();
			break;
		}
		ret = ioctl(fd, cmd, arg);
		calls++;
		if (!ret) {
			ok++;
		} else if (!documented(errno)) {
			undocumented++;
			printf("hmmgpu-fuzz: #%lu cmd %#lx: undocumented errno %d (%s)\n",
			       i, cmd, errno, strerror(errno));
		}
		/* Pages the fuzz unmapped or protected come back for the next round. */
		if (i % 500 == 499) {
			mmap(arena, 8 * PAGE, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		}
	}

	printf("hmmgpu-fuzz: seed %lu: %lu ioctls, %lu succeeded, %lu undocumented errors\n",
	       seed, calls, ok, undocumented);
	if (!sanity(fds[0]) || !sanity(fds[1])) {
		printf("hmmgpu-fuzz: FAIL: the device no longer reads/writes correctly\n");
		return 1;
	}
	if (undocumented) {
		printf("hmmgpu-fuzz: FAIL\n");
		return 1;
	}
	printf("hmmgpu-fuzz: PASS\n");
	return 0;
}
