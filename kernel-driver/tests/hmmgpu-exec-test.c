// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu job selftests: programs go through the verifier (PROGRAM_CREATE),
 * NDRange, copy and fill jobs run on the compute units against process
 * memory (SUBMIT), and their fences and status records report the outcome.
 * The tests check the data the jobs leave, the error of every fence, and
 * the device's behaviour when the process changes its memory under a
 * running kernel: CPU writes and atomics on the same words, migration to
 * VRAM and back, munmap, mprotect, fork, VRAM exhaustion, a kernel that
 * never ends, the file closed and the process killed mid-kernel, and
 * dependencies between jobs.
 *
 * Built with the kselftest harness of the test kernel's source tree and
 * engine/builder.c (see kernel-driver/vm/run-suite); runs in the test VM
 * with hmmgpu.ko loaded with private VRAM (num_devices=2 vram_mb=8
 * job_timeout_ms=2000 in kernel-driver/vm/guest-suite).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/image.h"
#include "hmmgpu-job.h"
#include "hmmgpu-kernels.h"
#include "kselftest_harness.h"

#define PAGE 4096ul
/*
 * How long a wait for a fence may exceed the job's own timeout before the
 * test declares the job stuck: the VM runs under TCG, slowly.
 */
#define SLACK_MS 60000
/* Timeout of jobs that wait for the test to let them finish. */
#define LONG_JOB_MS 120000

/* Anonymous memory in 4 KiB pages (THPs are not what these tests are about). */
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

/* An address range with nothing mapped. */
static void *unmapped_range(size_t size)
{
	void *p = map_anon(size);

	if (p)
		munmap(p, size);
	return p;
}

static int submit(int fd, uint32_t type, const void *job, uint32_t out,
		  const uint32_t *in, uint32_t num_in, uint32_t timeout_ms,
		  void *status)
{
	struct drm_hmmgpu_submit s = {
		.job = (uintptr_t)job,
		.type = type,
		.in_syncobjs = (uintptr_t)in,
		.num_in_syncobjs = num_in,
		.out_syncobj = out,
		.timeout_ms = timeout_ms,
		.status_addr = (uintptr_t)status,
	};

	return hg_ioctl(fd, DRM_IOCTL_HMMGPU_SUBMIT, &s);
}

/* Waits for the job in @sync, allowing for its timeout (0: the module's). */
static int wait_job(int fd, uint32_t sync, uint32_t timeout_ms)
{
	long def = hg_param("job_timeout_ms");

	if (!timeout_ms)
		timeout_ms = def > 0 ? def : 10000;
	return hg_job_wait(fd, sync, timeout_ms + SLACK_MS);
}

/* Submits and waits: the submit's -errno, or the fence's error. */
static int run(int fd, uint32_t type, const void *job, uint32_t sync,
	       uint32_t timeout_ms, void *status)
{
	int ret = submit(fd, type, job, sync, NULL, 0, timeout_ms, status);

	return ret ? ret : wait_job(fd, sync, timeout_ms);
}

/* Polls @word (written by a running kernel) until it reaches @at_least. */
static bool wait_for(const uint64_t *word, uint64_t at_least, int timeout_ms)
{
	int64_t end = hg_now_ms() + timeout_ms;

	while (__atomic_load_n(word, __ATOMIC_ACQUIRE) < at_least) {
		if (hg_now_ms() > end)
			return false;
		sched_yield();
	}
	return true;
}

static void set_stop(struct hk_ctl *ctl, uint64_t value)
{
	__atomic_store_n(&ctl->stop, value, __ATOMIC_RELEASE);
}

static int dev_migrate(int fd, void *addr, size_t size, uint32_t dir,
		       uint64_t *migrated)
{
	struct drm_hmmgpu_migrate m = {
		.addr = (uintptr_t)addr,
		.size = size,
		.flags = dir,
	};
	int ret = hg_ioctl(fd, DRM_IOCTL_HMMGPU_MIGRATE, &m);

	if (migrated)
		*migrated = m.migrated;
	return ret;
}

/* Pages of [addr, addr + size) whose snapshot has every bit of @mask. */
static long count_state(int fd, void *addr, size_t size, uint8_t mask)
{
	size_t n = size / PAGE;
	uint8_t *s = malloc(n);
	struct drm_hmmgpu_snapshot snap = {
		.addr = (uintptr_t)addr,
		.size = size,
		.ptr = (uintptr_t)s,
	};
	long hits = 0;

	if (!s || hg_ioctl(fd, DRM_IOCTL_HMMGPU_SNAPSHOT, &snap)) {
		free(s);
		return -1;
	}
	for (size_t i = 0; i < n; i++)
		hits += (s[i] & mask) == mask;
	free(s);
	return hits;
}

/* Exit status of a child process, or -1 when it did not exit normally. */
static int child_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

FIXTURE(exec)
{
	int fd;
	struct hk_program prog; /* every kernel */
	uint32_t handle;
	uint32_t sync;
	struct drm_hmmgpu_job_status *status; /* a page of its own */
};

FIXTURE_SETUP(exec)
{
	self->status = NULL;
	self->prog.image = NULL;
	self->fd = hg_open(0);
	/* Not a SKIP: the 6.1 harness would run the test body after it. */
	ASSERT_GE(self->fd, 0) TH_LOG("no hmmgpu render node (is hmmgpu.ko loaded?)");
	ASSERT_EQ(hk_build(&self->prog, HK_ALL), 0);
	ASSERT_EQ(hg_program_create(self->fd, self->prog.image, self->prog.size,
				    &self->handle, NULL, NULL, 0), 0);
	ASSERT_NE(self->handle, 0);
	ASSERT_EQ(hg_syncobj_create(self->fd, &self->sync), 0);
	self->status = map_anon(PAGE);
	ASSERT_NE(self->status, NULL);
	memset(self->status, 0x5a, PAGE);
}

FIXTURE_TEARDOWN(exec)
{
	if (self->fd >= 0)
		close(self->fd);
	if (self->status)
		munmap(self->status, PAGE);
	hk_free(&self->prog);
}

/* An NDRange of kernel @id of the fixture's program, 1-D. */
static struct drm_hmmgpu_ndrange launch(FIXTURE_DATA(exec) *self,
					enum hk_id id, const void *args,
					uint64_t global, uint64_t local)
{
	struct drm_hmmgpu_ndrange nd = {
		.program = self->handle,
		.kernel = self->prog.kernel[id],
		.work_dim = 1,
		.global_size = { global },
		.local_size = { local },
		.args = (uintptr_t)args,
		.args_size = self->prog.args_size[id],
	};

	return nd;
}

static bool status_ok(const struct drm_hmmgpu_job_status *st)
{
	return st->error == 0 && st->insn == 0 && st->fault_addr == 0 &&
	       st->message[0] == 0;
}

/* A failed job's record: the errno and a NUL-terminated, nonempty message. */
static bool status_failed(const struct drm_hmmgpu_job_status *st, int err)
{
	return st->error == err && st->message[0] &&
	       memchr(st->message, 0, sizeof(st->message));
}

/* ---- programs ---- */

/* Valid images load; an identical one is the same program, cached. */
TEST_F(exec, program_create_cached)
{
	struct drm_hmmgpu_counters c0 = hg_counters(self->fd, 0), c;
	struct hk_program one, nop;
	uint32_t h1, h2, h3, flags;
	char *copy, *unaligned;
	struct drm_hmmgpu_ndrange nd;
	struct hk_ids_args args;

	ASSERT_EQ(hk_build(&one, 1u << HK_IDS), 0);
	ASSERT_EQ(hk_build(&nop, 1u << HK_NOP), 0);
	ASSERT_EQ(hg_program_create(self->fd, one.image, one.size, &h1, &flags,
				    NULL, 0), 0);
	ASSERT_NE(h1, 0);
	ASSERT_NE(h1, self->handle);
	ASSERT_EQ(flags, 0);
	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.programs_verified, c0.programs_verified + 1);
	ASSERT_EQ(c.program_cache_hits, c0.program_cache_hits);

	/* The same bytes from another buffer: the cached program. */
	copy = malloc(one.size);
	ASSERT_NE(copy, NULL);
	memcpy(copy, one.image, one.size);
	ASSERT_EQ(hg_program_create(self->fd, copy, one.size, &h2, &flags,
				    NULL, 0), 0);
	ASSERT_EQ(h2, h1);
	ASSERT_EQ(flags, HMMGPU_PROGRAM_CACHED);
	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.programs_verified, c0.programs_verified + 1);
	ASSERT_EQ(c.program_cache_hits, c0.program_cache_hits + 1);

	/* The image need not be aligned in user memory. */
	unaligned = malloc(nop.size + 4);
	ASSERT_NE(unaligned, NULL);
	memcpy(unaligned + 4, nop.image, nop.size);
	ASSERT_EQ(hg_program_create(self->fd, unaligned + 4, nop.size, &h3,
				    &flags, NULL, 0), 0);
	ASSERT_NE(h3, h1);
	ASSERT_EQ(flags, 0);

	/* Two references: the program lives until the second destroy. */
	ASSERT_EQ(hg_program_destroy(self->fd, h1), 0);
	memset(&args, 0, sizeof(args));
	nd = launch(self, HK_IDS, &args, 1, 1);
	nd.program = h1;
	nd.kernel = 0;
	args.out = (uintptr_t)self->status + 2048;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0, NULL), 0);
	ASSERT_EQ(hg_program_destroy(self->fd, h1), 0);
	ASSERT_EQ(hg_program_destroy(self->fd, h1), -ENOENT);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, 0, NULL, 0, 0, NULL),
		  -ENOENT);

	/* Gone from the cache with its last reference: verified again. */
	ASSERT_EQ(hg_program_create(self->fd, one.image, one.size, &h2, &flags,
				    NULL, 0), 0);
	ASSERT_EQ(flags, 0);
	ASSERT_EQ(hg_counters(self->fd, 0).programs_verified,
		  c0.programs_verified + 3);
	ASSERT_EQ(hg_program_destroy(self->fd, h2), 0);
	ASSERT_EQ(hg_program_destroy(self->fd, h3), 0);
	free(copy);
	free(unaligned);
	hk_free(&one);
	hk_free(&nop);
}

/* A job keeps its program alive after the program's handle is destroyed. */
TEST_F_TIMEOUT(exec, program_destroy_while_running, 180)
{
	struct hk_ctl *ctl = map_anon(PAGE);
	uint64_t *words = map_anon(PAGE);
	struct hk_count_until_args args;
	struct drm_hmmgpu_ndrange nd;
	struct hk_program one;
	uint32_t h;

	ASSERT_NE(ctl, NULL);
	ASSERT_NE(words, NULL);
	ASSERT_EQ(hk_build(&one, 1u << HK_COUNT_UNTIL), 0);
	ASSERT_EQ(hg_program_create(self->fd, one.image, one.size, &h, NULL,
				    NULL, 0), 0);
	args = (struct hk_count_until_args){
		.words = (uintptr_t)words, .stride = 8, .ctl = (uintptr_t)ctl,
		.counts = (uintptr_t)(words + 64),
	};
	nd = launch(self, HK_COUNT_UNTIL, &args, 4, 4);
	nd.program = h;
	nd.kernel = 0;
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 LONG_JOB_MS, self->status), 0);
	ASSERT_TRUE(wait_for(&ctl->started, 4, LONG_JOB_MS));
	ASSERT_EQ(hg_program_destroy(self->fd, h), 0);
	ASSERT_EQ(hg_program_destroy(self->fd, h), -ENOENT);
	set_stop(ctl, 1);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_TRUE(status_ok(self->status));
	for (int i = 0; i < 4; i++) {
		ASSERT_GE(words[i], 1);
		ASSERT_EQ(words[64 + i], words[i]);
	}
	hk_free(&one);
}

/* Offsets of the header and the code of a builder image. */
static struct hmm_image_header *header(void *image)
{
	return image;
}

static struct hmm_insn *code(void *image)
{
	return (struct hmm_insn *)((char *)image + header(image)->code.offset);
}

static struct hmm_function *functions(void *image)
{
	return (struct hmm_function *)((char *)image +
				       header(image)->functions.offset);
}

static struct hmm_kernel *kernels(void *image)
{
	return (struct hmm_kernel *)((char *)image +
				     header(image)->kernels.offset);
}

enum mutation {
	BAD_OPCODE,
	BAD_REGISTER,
	BAD_BRANCH,
	LDARG_OUTSIDE,
	NO_TERMINATOR,
	BAD_ENTRY,
	BAD_MAGIC,
	TRUNCATED,
	NEWER_MINOR,
};

static const struct {
	enum mutation m;
	enum hk_id kernel;
	const char *log; /* the start of the log line */
} rejects[] = {
	{ BAD_OPCODE, HK_IDS, "insn 3: unknown opcode 200" },
	{ BAD_REGISTER, HK_IDS, "insn 5: add register d = r100 out of range" },
	{ BAD_BRANCH, HK_ATOMIC_ADD, "insn 7: brc target 1000 outside the function" },
	{ LDARG_OUTSIDE, HK_IDS, "insn 1: ldarg reads bytes up to 16" },
	{ NO_TERMINATOR, HK_LOAD_STORE, "function 0: last insn 3 is not br, ret or trap" },
	{ BAD_ENTRY, HK_IDS, "kernel 0: entry function 5" },
	{ BAD_MAGIC, HK_IDS, "image: bad magic" },
	{ TRUNCATED, HK_IDS, "image: " },
	{ NEWER_MINOR, HK_IDS, "image: ISA version" },
};

static size_t mutate(void *image, size_t size, enum mutation m)
{
	switch (m) {
	case BAD_OPCODE:
		code(image)[3].op = 200;
		break;
	case BAD_REGISTER:
		code(image)[5].dst = 100;
		break;
	case BAD_BRANCH:
		code(image)[7].imm = 1000;
		break;
	case LDARG_OUTSIDE:
		/* Without the argument that no longer fits, which is checked first. */
		kernels(image)[0].arg_block_size = 8;
		kernels(image)[0].num_args = 1;
		break;
	case NO_TERMINATOR:
		functions(image)[0].end--;
		/* The last instruction now belongs to no function. */
		header(image)->code.count--;
		break;
	case BAD_ENTRY:
		kernels(image)[0].function = 5;
		break;
	case BAD_MAGIC:
		header(image)->magic ^= 1;
		break;
	case TRUNCATED:
		return sizeof(struct hmm_image_header) - 8;
	case NEWER_MINOR:
		header(image)->version_minor = HMM_ISA_VERSION_MINOR + 1;
		break;
	}
	return size;
}

/*
 * Images the container check or the verifier rejects: -EINVAL, and the
 * log says why, naming the instruction, function or kernel.
 */
TEST_F(exec, program_create_rejects)
{
	struct drm_hmmgpu_counters c0 = hg_counters(self->fd, 0);
	char log[HMMGPU_LOG_MAX + 64];
	uint32_t h = 0;

	for (size_t i = 0; i < ARRAY_SIZE(rejects); i++) {
		struct hk_program p;
		size_t size;

		ASSERT_EQ(hk_build(&p, 1u << rejects[i].kernel), 0);
		size = mutate(p.image, p.size, rejects[i].m);
		memset(log, 0x7f, sizeof(log));
		ASSERT_EQ(hg_program_create(self->fd, p.image, size, &h, NULL,
					    log, HMMGPU_LOG_MAX), -EINVAL)
			TH_LOG("case %zu (%s) accepted", i, rejects[i].log);
		ASSERT_NE(memchr(log, 0, HMMGPU_LOG_MAX), NULL);
		ASSERT_EQ(strncmp(log, rejects[i].log, strlen(rejects[i].log)), 0)
			TH_LOG("case %zu: log \"%s\", expected \"%s...\"", i,
			       log, rejects[i].log);
		/* Nothing is written past the buffer given. */
		ASSERT_EQ(log[HMMGPU_LOG_MAX], 0x7f);
		hk_free(&p);
	}
	ASSERT_EQ(hg_counters(self->fd, 0).programs_rejected,
		  c0.programs_rejected + ARRAY_SIZE(rejects));
	ASSERT_EQ(hg_counters(self->fd, 0).programs_verified,
		  c0.programs_verified);
}

/* The log buffer: truncated to log_size, optional. */
TEST_F(exec, program_create_log_buffer)
{
	struct hk_program p;
	char log[64];
	uint32_t h;

	ASSERT_EQ(hk_build(&p, 1u << HK_IDS), 0);
	mutate(p.image, p.size, BAD_OPCODE);
	memset(log, 0x7f, sizeof(log));
	ASSERT_EQ(hg_program_create(self->fd, p.image, p.size, &h, NULL, log, 8),
		  -EINVAL);
	ASSERT_EQ(strlen(log), 7);
	ASSERT_EQ(strncmp(log, "insn 3:", 7), 0);
	ASSERT_EQ(log[8], 0x7f);
	/* No log buffer, or one of 0 bytes: the same error, nothing written. */
	ASSERT_EQ(hg_program_create(self->fd, p.image, p.size, &h, NULL, NULL,
				    HMMGPU_LOG_MAX), -EINVAL);
	memset(log, 0x7f, sizeof(log));
	ASSERT_EQ(hg_program_create(self->fd, p.image, p.size, &h, NULL, log, 0),
		  -EINVAL);
	ASSERT_EQ(log[0], 0x7f);
	hk_free(&p);
}

/* Malformed PROGRAM_CREATE and PROGRAM_DESTROY requests. */
TEST_F(exec, program_bad_fields)
{
	struct drm_hmmgpu_program_create good = {
		.image = (uintptr_t)self->prog.image,
		.size = self->prog.size,
	}, pc;
	struct drm_hmmgpu_program_destroy pd = { .handle = self->handle, .pad = 1 };
	/* The image's pages, then a hole. */
	size_t mapped = (self->prog.size + PAGE - 1) & ~(PAGE - 1);
	char *half = map_anon(mapped + PAGE);
	struct hk_program bad;
	char log[256];

#define BAD_CREATE(field, value, err)					\
	do {								\
		pc = good;						\
		pc.field = value;					\
		ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_PROGRAM_CREATE, \
				   &pc), -(err))			\
			TH_LOG(#field " = " #value);			\
	} while (0)

	BAD_CREATE(extensions, 1, EINVAL);
	BAD_CREATE(flags, 1, EINVAL);
	BAD_CREATE(flags, HMMGPU_PROGRAM_CACHED, EINVAL);
	BAD_CREATE(pad, 1, EINVAL);
	BAD_CREATE(size, 0, EINVAL);
	BAD_CREATE(size, HMMGPU_PROGRAM_MAX_SIZE + 1ull, EINVAL);
	BAD_CREATE(size, ~0ull, EINVAL);
	BAD_CREATE(image, 8, EFAULT);
	BAD_CREATE(image, 0, EFAULT);
	BAD_CREATE(image, 0xffff888000000000ull, EFAULT);
	/* An image running into an unmapped page. */
	ASSERT_NE(half, NULL);
	munmap(half + mapped, PAGE);
	memcpy(half + mapped - self->prog.size / 2, self->prog.image,
	       self->prog.size / 2);
	BAD_CREATE(image, (uintptr_t)half + mapped - self->prog.size / 2, EFAULT);
	/* A rejected image and a log buffer that is not writable. */
	ASSERT_EQ(hk_build(&bad, 1u << HK_IDS), 0);
	mutate(bad.image, bad.size, BAD_OPCODE);
	good.image = (uintptr_t)bad.image;
	good.size = bad.size;
	good.log_size = sizeof(log);
#undef BAD_CREATE
	/* EXPECT: the checks after these are independent of them. */
	pc = good;
	pc.log = 8;
	EXPECT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_PROGRAM_CREATE, &pc), -EFAULT);
	pc.log = (uintptr_t)half + mapped;
	EXPECT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_PROGRAM_CREATE, &pc), -EFAULT);

	ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_PROGRAM_DESTROY, &pd), -EINVAL);
	ASSERT_EQ(hg_program_destroy(self->fd, 0), -ENOENT);
	ASSERT_EQ(hg_program_destroy(self->fd, self->handle + 1000), -ENOENT);
	/* None of it touched the fixture's program. */
	ASSERT_EQ(hg_program_destroy(self->fd, self->handle), 0);
	ASSERT_EQ(hg_program_destroy(self->fd, self->handle), -ENOENT);
	munmap(half, mapped);
	hk_free(&bad);
}

/* ---- NDRange launches ---- */

/*
 * Compares the records of an ids launch with the NDRange: global, local and
 * group ids, the (edge-reduced) work-group sizes. Returns the number of
 * wrong records and prints the first.
 */
static size_t check_ids(const struct hk_ids_record *rec, uint32_t dim,
			const uint64_t *global, const uint64_t *local,
			const uint64_t *offset, uint32_t marker)
{
	uint64_t g[3], l[3], o[3];
	size_t bad = 0, n = 0;

	for (int d = 0; d < 3; d++) {
		g[d] = d < (int)dim ? global[d] : 1;
		l[d] = d < (int)dim ? local[d] : 1;
		o[d] = d < (int)dim ? offset[d] : 0;
	}
	for (uint64_t z = 0; z < g[2]; z++) {
		for (uint64_t y = 0; y < g[1]; y++) {
			for (uint64_t x = 0; x < g[0]; x++, n++) {
				const struct hk_ids_record *r = &rec[n];
				uint64_t id[3] = { x, y, z };
				bool ok = r->work_dim == dim &&
					  r->marker == marker &&
					  r->global_offset0 == o[0] &&
					  r->num_groups0 == (g[0] + l[0] - 1) / l[0];

				for (int d = 0; d < 3; d++) {
					uint64_t grp = id[d] / l[d];
					uint64_t left = g[d] - grp * l[d];

					ok = ok && r->global_id[d] == id[d] + o[d] &&
					     r->local_id[d] == id[d] % l[d] &&
					     r->group_id[d] == grp &&
					     r->local_size[d] == (left < l[d] ? left : l[d]);
				}
				if (!ok && !bad++)
					fprintf(stderr,
						"# record %zu (%llu,%llu,%llu): gid %u,%u,%u lid %u,%u,%u group %u,%u,%u lsize %u,%u,%u dim %u ngroups %u offset %u marker %#x\n",
						n, (unsigned long long)x,
						(unsigned long long)y,
						(unsigned long long)z,
						r->global_id[0], r->global_id[1],
						r->global_id[2], r->local_id[0],
						r->local_id[1], r->local_id[2],
						r->group_id[0], r->group_id[1],
						r->group_id[2], r->local_size[0],
						r->local_size[1], r->local_size[2],
						r->work_dim, r->num_groups0,
						r->global_offset0, r->marker);
			}
		}
	}
	return bad;
}

static void ids_launch(struct __test_metadata *_metadata,
		       FIXTURE_DATA(exec) *self, uint32_t dim,
		       const uint64_t *global, const uint64_t *local,
		       const uint64_t *offset, uint64_t groups)
{
	uint64_t items = 1;
	size_t size;
	struct hk_ids_record *rec;
	struct hk_ids_args args;
	struct drm_hmmgpu_ndrange nd;
	struct drm_hmmgpu_counters c;
	struct drm_hmmgpu_submit s;

	for (uint32_t d = 0; d < dim; d++)
		items *= global[d];
	size = (items * sizeof(*rec) + PAGE - 1) & ~(PAGE - 1);
	rec = map_anon(size);
	ASSERT_NE(rec, NULL);
	memset(rec, 0xee, size);
	args = (struct hk_ids_args){ .out = (uintptr_t)rec, .marker = 0xc0de0000 + dim };
	nd = launch(self, HK_IDS, &args, 0, 0);
	nd.work_dim = dim;
	for (uint32_t d = 0; d < dim; d++) {
		nd.global_size[d] = global[d];
		nd.local_size[d] = local[d];
		nd.global_offset[d] = offset[d];
	}
	s = (struct drm_hmmgpu_submit){
		.job = (uintptr_t)&nd, .type = HMMGPU_JOB_NDRANGE,
		.out_syncobj = self->sync, .status_addr = (uintptr_t)self->status,
	};
	ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_SUBMIT, &s), 0);
	ASSERT_GT(s.seqno, 0);
	ASSERT_EQ(wait_job(self->fd, self->sync, 0), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_EQ(check_ids(rec, dim, global, local, offset, args.marker), 0);
	/* Not a byte past the last record. */
	for (size_t i = items * sizeof(*rec); i < size; i++) {
		ASSERT_EQ(((uint8_t *)rec)[i], 0xee);
	}

	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.jobs_submitted, 1);
	ASSERT_EQ(c.jobs_completed, 1);
	ASSERT_EQ(c.jobs_failed, 0);
	ASSERT_EQ(c.jobs_timed_out, 0);
	ASSERT_EQ(c.work_groups, groups);
	ASSERT_GT(c.tlb_misses, 0);
	ASSERT_GE(hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE).work_groups, groups);

	/* A second launch: a later fence. */
	s.seqno = 0;
	memset(rec, 0xee, size);
	ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_SUBMIT, &s), 0);
	ASSERT_EQ(wait_job(self->fd, self->sync, 0), 0);
	ASSERT_EQ(check_ids(rec, dim, global, local, offset, args.marker), 0);
	ASSERT_EQ(hg_counters(self->fd, 0).work_groups, 2 * groups);
	munmap(rec, size);
}

/* 1000 work-items in groups of 64: the 16th group has 40. */
TEST_F(exec, ndrange_1d)
{
	uint64_t g[1] = { 1000 }, l[1] = { 64 }, o[1] = { 5 };

	ids_launch(_metadata, self, 1, g, l, o, 16);
}

/* 37 x 23 in 8 x 4 groups, with offsets: edge groups in both dimensions. */
TEST_F(exec, ndrange_2d)
{
	uint64_t g[2] = { 37, 23 }, l[2] = { 8, 4 }, o[2] = { 3, 7 };

	ids_launch(_metadata, self, 2, g, l, o, 5 * 6);
}

TEST_F(exec, ndrange_3d)
{
	uint64_t g[3] = { 5, 4, 3 }, l[3] = { 2, 2, 2 }, o[3] = { 1, 2, 3 };

	ids_launch(_metadata, self, 3, g, l, o, 3 * 2 * 2);
}

/* One work-group of the largest size. */
TEST_F(exec, ndrange_max_group)
{
	uint64_t g[1] = { HMMGPU_MAX_WORK_GROUP_SIZE },
		 l[1] = { HMMGPU_MAX_WORK_GROUP_SIZE }, o[1] = { 0 };

	ids_launch(_metadata, self, 1, g, l, o, 1);
}

/* An argument block of 0 bytes needs no pointer. */
TEST_F(exec, ndrange_no_args)
{
	struct drm_hmmgpu_ndrange nd = launch(self, HK_NOP, NULL, 3, 1);

	ASSERT_EQ(nd.args_size, 0);
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_EQ(hg_counters(self->fd, 0).work_groups, 3);
}

/* Device atomics alone: an exact count. */
TEST_F(exec, ndrange_atomics)
{
	uint64_t *counter = map_anon(PAGE);
	struct hk_atomic_add_args args = { .counter = (uintptr_t)counter, .n = 50 };
	struct drm_hmmgpu_ndrange nd = launch(self, HK_ATOMIC_ADD, &args, 200, 32);

	ASSERT_NE(counter, NULL);
	*counter = 7;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), 0);
	ASSERT_EQ(*counter, 7 + 200 * 50);
}

/*
 * Local memory of local_mem_size bytes per work-group, shared by its
 * work-items across a barrier, and not a byte more.
 */
TEST_F(exec, ndrange_local_memory)
{
	uint64_t *out = map_anon(PAGE);
	struct hk_local_sum_args args = {
		.local = HMM_ADDR_LOCAL_BASE, .out = (uintptr_t)out,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_LOCAL_SUM, &args, 200, 64);

	ASSERT_NE(out, NULL);
	nd.local_mem_size = 64 * 8;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), 0);
	for (int g = 0; g < 3; g++) {
		ASSERT_EQ(out[g], 64 * 63 / 2);
	}
	ASSERT_EQ(out[3], 8 * 7 / 2);
	/* One u64 short: the last work-item of a full group traps. */
	nd.local_mem_size = 63 * 8;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), -EIO);
	ASSERT_NE(strstr(self->status->message, "local"), NULL)
		TH_LOG("message: %s", self->status->message);
	nd.local_mem_size = 0;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), -EIO);
	munmap(out, PAGE);
}

/* Every malformed launch is refused at submission; nothing is queued. */
TEST_F(exec, ndrange_bad_launch)
{
	struct hk_ids_args args = { .out = (uintptr_t)self->status };
	struct drm_hmmgpu_ndrange good = launch(self, HK_IDS, &args, 1, 1), nd;
	struct drm_hmmgpu_submit s, sgood = {
		.job = (uintptr_t)&nd, .type = HMMGPU_JOB_NDRANGE,
		.out_syncobj = self->sync,
	};
	uint32_t missing = 0xdead, many[65];
	char log[HMMGPU_LOG_MAX];

#define BAD_LAUNCH(what, err)						\
	do {								\
		nd = good;						\
		s = sgood;						\
		memset(log, 0, sizeof(log));				\
		s.log = (uintptr_t)log;					\
		s.log_size = sizeof(log);				\
		what;							\
		ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_SUBMIT, &s), \
			  -(err)) TH_LOG(#what);			\
		if ((err) == EINVAL) {					\
			ASSERT_NE(log[0], 0) TH_LOG(#what ": no log");	\
		}							\
	} while (0)

	/* The argument block must be exactly the kernel's. */
	BAD_LAUNCH(nd.args_size = 8, EINVAL);
	BAD_LAUNCH(nd.args_size = 24, EINVAL);
	BAD_LAUNCH(nd.args_size = 0, EINVAL);
	BAD_LAUNCH(nd.args_size = HMMGPU_MAX_ARGS_SIZE + 8, EINVAL);
	BAD_LAUNCH(nd.work_dim = 0, EINVAL);
	BAD_LAUNCH(nd.work_dim = 4, EINVAL);
	BAD_LAUNCH(nd.global_size[0] = 0, EINVAL);
	BAD_LAUNCH(nd.local_size[0] = 0, EINVAL);
	BAD_LAUNCH(nd.global_size[1] = 5, EINVAL);
	BAD_LAUNCH(nd.local_size[2] = 1, EINVAL);
	BAD_LAUNCH((nd.global_size[0] = 2048,
		    nd.local_size[0] = HMMGPU_MAX_WORK_GROUP_SIZE + 1), EINVAL);
	BAD_LAUNCH((nd.work_dim = 2, nd.global_size[0] = 64, nd.local_size[0] = 64,
		    nd.global_size[1] = 32, nd.local_size[1] = 32), EINVAL);
	BAD_LAUNCH(nd.local_mem_size = HMMGPU_MAX_LOCAL_MEM + 1, EINVAL);
	BAD_LAUNCH(nd.kernel = HK_COUNT, EINVAL);
	BAD_LAUNCH(nd.pad = 1, EINVAL);
	BAD_LAUNCH(nd.program = 0, ENOENT);
	BAD_LAUNCH(nd.program = self->handle + 1000, ENOENT);
	BAD_LAUNCH(nd.args = 8, EFAULT);
	BAD_LAUNCH(nd.args = 0, EFAULT);
	BAD_LAUNCH(s.extensions = 1, EINVAL);
	BAD_LAUNCH(s.flags = 1, EINVAL);
	BAD_LAUNCH(s.type = 3, EINVAL);
	BAD_LAUNCH(s.status_addr = (uintptr_t)self->status + 4, EINVAL);
	BAD_LAUNCH(s.out_syncobj = missing, ENOENT);
	BAD_LAUNCH((s.in_syncobjs = (uintptr_t)&missing,
		    s.num_in_syncobjs = 1), ENOENT);
	BAD_LAUNCH((s.in_syncobjs = 8, s.num_in_syncobjs = 1), EFAULT);
	BAD_LAUNCH(s.job = 8, EFAULT);
	for (int i = 0; i < 65; i++)
		many[i] = self->sync;
	BAD_LAUNCH((s.in_syncobjs = (uintptr_t)many,
		    s.num_in_syncobjs = 65), EINVAL);
#undef BAD_LAUNCH
	ASSERT_EQ(hg_counters(self->fd, 0).jobs_submitted, 0);

	/* And the good one runs. */
	nd = good;
	ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_HMMGPU_SUBMIT, &sgood), 0);
	ASSERT_EQ(wait_job(self->fd, self->sync, 0), 0);
	ASSERT_EQ(hg_counters(self->fd, 0).jobs_submitted, 1);
}

/* ---- job errors ---- */

/* A trap stops the job with -EIO; the record names the instruction. */
TEST_F(exec, job_trap)
{
	struct hk_trap_args targs = { 0 };
	uint64_t *buf = map_anon(PAGE);
	struct hk_atomic_at_args aargs = { .addr = (uintptr_t)buf + 4 };
	struct drm_hmmgpu_ndrange nd = launch(self, HK_TRAP, &targs, 1, 1);
	struct drm_hmmgpu_counters c;

	ASSERT_NE(buf, NULL);
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), -EIO);
	ASSERT_TRUE(status_failed(self->status, -EIO));
	/* EXPECT: the checks after it are independent of it. */
	EXPECT_EQ(self->status->insn, self->prog.entry[HK_TRAP] + HK_TRAP_INSN);
	ASSERT_NE(strstr(self->status->message, "trap"), NULL)
		TH_LOG("message: %s", self->status->message);

	/* A misaligned atomic traps too, and changes nothing. */
	buf[0] = 0x1111;
	nd = launch(self, HK_ATOMIC_AT, &aargs, 1, 1);
	memset(self->status, 0x5a, sizeof(*self->status));
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), -EIO);
	ASSERT_TRUE(status_failed(self->status, -EIO));
	ASSERT_NE(strstr(self->status->message, "misaligned"), NULL)
		TH_LOG("message: %s", self->status->message);
	ASSERT_EQ(buf[0], 0x1111);

	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.jobs_submitted, 2);
	ASSERT_EQ(c.jobs_failed, 2);
	ASSERT_EQ(c.jobs_completed, 0);
	ASSERT_EQ(c.jobs_timed_out, 0);

	/* The device goes on. */
	aargs.addr = (uintptr_t)buf;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), 0);
	ASSERT_EQ(buf[0], 0x1112);
	ASSERT_TRUE(status_ok(self->status));
	munmap(buf, PAGE);
}

/*
 * Accesses without a suitable mapping: -EFAULT, with the address and the
 * instruction in the record. A tagged (local) address in the global space
 * is the kernel's error: a trap.
 */
TEST_F(exec, job_fault)
{
	uint64_t *ro = map_anon(2 * PAGE), *src = map_anon(PAGE);
	char *hole = unmapped_range(PAGE);
	struct hk_load_store_args args;
	struct drm_hmmgpu_ndrange nd = launch(self, HK_LOAD_STORE, &args, 1, 1);
	uint32_t ld_insn = self->prog.entry[HK_LOAD_STORE] + HK_LOAD_INSN;
	uint32_t st_insn = self->prog.entry[HK_LOAD_STORE] + HK_STORE_INSN;
	const struct {
		uint64_t src, dst, fault;
		uint32_t insn;
		int err;
	} cases[] = {
		{ (uintptr_t)hole, (uintptr_t)ro, (uintptr_t)hole, ld_insn, -EFAULT },
		{ (uintptr_t)hole + 8, (uintptr_t)ro, (uintptr_t)hole + 8, ld_insn, -EFAULT },
		{ (uintptr_t)src, (uintptr_t)ro, (uintptr_t)ro, st_insn, -EFAULT },
		{ (uintptr_t)src, (uintptr_t)ro + PAGE, (uintptr_t)ro + PAGE, st_insn, -EFAULT },
		{ 0, (uintptr_t)src, 0, ld_insn, -EFAULT },
		{ 0x800000000000ull, (uintptr_t)src, 0x800000000000ull, ld_insn, -EFAULT },
		/* Kernel addresses have a tag (0xf, private) in bits 63..60. */
		{ 0xffff888000000000ull, (uintptr_t)src, 0, ld_insn, -EIO },
		{ HMM_ADDR_LOCAL_BASE + 64, (uintptr_t)src, 0, ld_insn, -EIO },
	};

	ASSERT_NE(ro, NULL);
	ASSERT_NE(src, NULL);
	ASSERT_NE(hole, NULL);
	ro[0] = 0x1234;
	ASSERT_EQ(mprotect(ro, PAGE, PROT_READ), 0);
	ASSERT_EQ(mprotect(ro + PAGE / 8, PAGE, PROT_NONE), 0);
	src[0] = 0xabcd;
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		args.src = cases[i].src;
		args.dst = cases[i].dst;
		memset(self->status, 0x5a, sizeof(*self->status));
		ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
			      self->status), cases[i].err) TH_LOG("case %zu", i);
		ASSERT_TRUE(status_failed(self->status, cases[i].err))
			TH_LOG("case %zu: error %d message %.112s", i,
			       self->status->error, self->status->message);
		EXPECT_EQ(self->status->insn, cases[i].insn) TH_LOG("case %zu", i);
		if (cases[i].err == -EFAULT) {
			ASSERT_EQ(self->status->fault_addr, cases[i].fault)
				TH_LOG("case %zu", i);
		}
	}
	ASSERT_EQ(ro[0], 0x1234);
	ASSERT_EQ(hg_counters(self->fd, 0).jobs_failed, ARRAY_SIZE(cases));

	/* The same kernel with good addresses. */
	args.src = (uintptr_t)src;
	args.dst = (uintptr_t)src + 8;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0,
		      self->status), 0);
	ASSERT_EQ(src[1], 0xabcd);
	munmap(ro, 2 * PAGE);
	munmap(src, PAGE);
}

/* ---- copy and fill ---- */

static void fill_bytes(void *p, size_t size, uint8_t seed)
{
	for (size_t i = 0; i < size; i++)
		((uint8_t *)p)[i] = (uint8_t)(seed + i * 7 + (i >> 8));
}

/* Index of the first byte of @p that is not @value, or @size. */
static size_t first_not(const void *p, size_t size, uint8_t value)
{
	for (size_t i = 0; i < size; i++)
		if (((const uint8_t *)p)[i] != value)
			return i;
	return size;
}

static int copy_job(FIXTURE_DATA(exec) *self, void *dst, const void *src,
		    uint64_t size)
{
	struct drm_hmmgpu_copy c = {
		.dst = (uintptr_t)dst, .src = (uintptr_t)src, .size = size,
	};

	return run(self->fd, HMMGPU_JOB_COPY, &c, self->sync, 0, self->status);
}

static int fill_job(FIXTURE_DATA(exec) *self, void *dst, uint64_t size,
		    const void *pattern, uint32_t pattern_size)
{
	struct drm_hmmgpu_copy c = {
		.dst = (uintptr_t)dst, .size = size,
		.pattern = (uintptr_t)pattern, .pattern_size = pattern_size,
	};

	return run(self->fd, HMMGPU_JOB_FILL, &c, self->sync, 0, self->status);
}

/*
 * Copies at odd offsets across pages, into and out of pages nobody ever
 * touched: the bytes arrive exactly, and nothing around them changes.
 */
TEST_F(exec, copy)
{
	size_t n = 8 * PAGE, size = 5 * PAGE + 17;
	uint8_t *a = map_anon(n), *b = map_anon(n), *fresh = map_anon(n);
	uint8_t *fresh_src = map_anon(n);

	ASSERT_NE(a, NULL);
	ASSERT_NE(b, NULL);
	ASSERT_NE(fresh, NULL);
	ASSERT_NE(fresh_src, NULL);
	fill_bytes(a, n, 1);
	memset(b, 0xee, n);

	ASSERT_EQ(copy_job(self, b + 4093, a + 3, size), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_EQ(memcmp(b + 4093, a + 3, size), 0);
	ASSERT_EQ(first_not(b, 4093, 0xee), 4093);
	ASSERT_EQ(first_not(b + 4093 + size, n - 4093 - size, 0xee),
		  n - 4093 - size);

	/* Destination pages never faulted in: the device's write does it. */
	ASSERT_EQ(count_state(self->fd, fresh, n, HMMGPU_SNAP_READ), 0);
	ASSERT_EQ(copy_job(self, fresh + 1, a, 3 * PAGE), 0);
	ASSERT_EQ(memcmp(fresh + 1, a, 3 * PAGE), 0);
	ASSERT_EQ(fresh[0], 0);
	ASSERT_EQ(first_not(fresh + 1 + 3 * PAGE, n - 1 - 3 * PAGE, 0),
		  n - 1 - 3 * PAGE);

	/* Source pages never touched read as zeros. */
	memset(b, 0xee, n);
	ASSERT_EQ(copy_job(self, b + 1, fresh_src + 100, 2 * PAGE), 0);
	ASSERT_EQ(first_not(b + 1, 2 * PAGE, 0), 2 * PAGE);
	ASSERT_EQ(b[0], 0xee);
	ASSERT_EQ(b[2 * PAGE + 1], 0xee);

	/* One byte; and a large copy. */
	memset(b, 0xee, n);
	ASSERT_EQ(copy_job(self, b + 7, a + 5, 1), 0);
	ASSERT_EQ(b[7], a[5]);
	ASSERT_EQ(b[6], 0xee);
	ASSERT_EQ(b[8], 0xee);
	ASSERT_EQ(copy_job(self, b, a, n), 0);
	ASSERT_EQ(memcmp(a, b, n), 0);

	ASSERT_EQ(hg_counters(self->fd, 0).jobs_completed, 5);
	munmap(a, n);
	munmap(b, n);
	munmap(fresh, n);
	munmap(fresh_src, n);
}

TEST_F(exec, fill)
{
	static const uint32_t sizes[] = { 1, 2, 3, 8, 13, HMMGPU_MAX_FILL_PATTERN };
	size_t n = 6 * PAGE;
	uint8_t *b = map_anon(n), *fresh = map_anon(n);
	uint8_t pattern[HMMGPU_MAX_FILL_PATTERN];

	ASSERT_NE(b, NULL);
	ASSERT_NE(fresh, NULL);
	fill_bytes(pattern, sizeof(pattern), 9);
	for (size_t k = 0; k < ARRAY_SIZE(sizes); k++) {
		uint32_t ps = sizes[k];
		size_t reps = (3 * PAGE + 100) / ps, off = PAGE - 5 - k;

		memset(b, 0xee, n);
		ASSERT_EQ(fill_job(self, b + off, reps * ps, pattern, ps), 0)
			TH_LOG("pattern of %u bytes", ps);
		for (size_t i = 0; i < reps * ps; i++) {
			ASSERT_EQ(b[off + i], pattern[i % ps])
				TH_LOG("pattern %u byte %zu", ps, i);
		}
		ASSERT_EQ(first_not(b, off, 0xee), off);
		ASSERT_EQ(first_not(b + off + reps * ps, n - off - reps * ps, 0xee),
			  n - off - reps * ps);
	}
	/* Pages never touched. */
	ASSERT_EQ(fill_job(self, fresh + PAGE, 2 * PAGE, pattern, 8), 0);
	for (size_t i = 0; i < 2 * PAGE; i++) {
		ASSERT_EQ(fresh[PAGE + i], pattern[i % 8]);
	}
	ASSERT_EQ(first_not(fresh, PAGE, 0), PAGE);
	ASSERT_EQ(first_not(fresh + 3 * PAGE, 3 * PAGE, 0), 3 * PAGE);
	munmap(b, n);
	munmap(fresh, n);
}

/* Malformed copies and fills are refused; bad addresses fail the job. */
TEST_F(exec, copy_fill_errors)
{
	uint8_t *a = map_anon(4 * PAGE), *ro = map_anon(PAGE);
	char *hole = unmapped_range(2 * PAGE);
	uint8_t pattern[HMMGPU_MAX_FILL_PATTERN + 1] = { 1, 2, 3, 4 };
	struct drm_hmmgpu_copy good_copy = {
		.dst = (uintptr_t)a, .src = (uintptr_t)a + 2 * PAGE, .size = 100,
	}, good_fill = {
		.dst = (uintptr_t)a, .size = 100, .pattern = (uintptr_t)pattern,
		.pattern_size = 4,
	}, c;

	ASSERT_NE(a, NULL);
	ASSERT_NE(ro, NULL);
	ASSERT_NE(hole, NULL);
	memset(ro, 0x33, PAGE);
	ASSERT_EQ(mprotect(ro, PAGE, PROT_READ), 0);

#define BAD(type, good, what, err)					\
	do {								\
		c = good;						\
		what;							\
		ASSERT_EQ(submit(self->fd, type, &c, self->sync, NULL, 0, 0, \
				 NULL), -(err)) TH_LOG(#type " " #what); \
	} while (0)

	BAD(HMMGPU_JOB_COPY, good_copy, c.size = 0, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.src = c.dst + 99, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.dst = c.src + 1, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.dst = c.src, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.pattern = (uintptr_t)pattern, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.pattern_size = 4, EINVAL);
	BAD(HMMGPU_JOB_COPY, good_copy, c.pad = 1, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.size = 0, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.size = 102, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.pattern_size = 0, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill,
	    (c.pattern_size = HMMGPU_MAX_FILL_PATTERN + 1,
	     c.size = HMMGPU_MAX_FILL_PATTERN + 1), EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.src = (uintptr_t)a + PAGE, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.pad = 1, EINVAL);
	BAD(HMMGPU_JOB_FILL, good_fill, c.pattern = 8, EFAULT);
	BAD(HMMGPU_JOB_FILL, good_fill, c.pattern = 0, EFAULT);
#undef BAD
	ASSERT_EQ(hg_counters(self->fd, 0).jobs_submitted, 0);

	/* Addresses are checked by the device, as the job runs. */
	memset(a, 0x44, 4 * PAGE);
	c = good_copy;
	c.src = (uintptr_t)hole + PAGE + 16;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_COPY, &c, self->sync, 0, self->status),
		  -EFAULT);
	ASSERT_TRUE(status_failed(self->status, -EFAULT));
	ASSERT_GE(self->status->fault_addr, c.src);
	ASSERT_LT(self->status->fault_addr, c.src + c.size);
	ASSERT_EQ(self->status->insn, 0);
	ASSERT_EQ(first_not(a, 100, 0x44), 100);

	/* A copy that runs into a read-only page stops there. */
	c = good_copy;
	c.dst = (uintptr_t)ro + 10;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_COPY, &c, self->sync, 0, self->status),
		  -EFAULT);
	ASSERT_GE(self->status->fault_addr, c.dst);
	ASSERT_LT(self->status->fault_addr, c.dst + c.size);
	ASSERT_EQ(first_not(ro, PAGE, 0x33), PAGE);

	c = good_fill;
	c.dst = (uintptr_t)hole;
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_FILL, &c, self->sync, 0, self->status),
		  -EFAULT);
	ASSERT_EQ(self->status->fault_addr, (uintptr_t)hole);

	/* The device goes on. */
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_FILL, &good_fill, self->sync, 0,
		      self->status), 0);
	for (int i = 0; i < 100; i++) {
		ASSERT_EQ(a[i], pattern[i % 4]);
	}
	munmap(a, 4 * PAGE);
	munmap(ro, PAGE);
}

/* ---- coherence with the CPU ---- */

struct adder {
	uint64_t *word;
	long rounds;
};

static void *host_add(void *arg)
{
	struct adder *a = arg;

	for (long i = 0; i < a->rounds; i++)
		__atomic_fetch_add(a->word, 1, __ATOMIC_SEQ_CST);
	return NULL;
}

/*
 * Device atomics and host atomics on one word, at the same time: every
 * work-item keeps adding until the host threads are done, so the two
 * overlap by construction. No add may be lost on either side.
 */
TEST_F_TIMEOUT(exec, atomics_host_device, 240)
{
	enum { ITEMS = 256, THREADS = 2 };
	struct hk_ctl *ctl = map_anon(PAGE);
	uint64_t *counter = map_anon(PAGE), *counts = map_anon(PAGE);
	struct hk_count_until_args args = {
		.words = (uintptr_t)counter, .stride = 0, .ctl = (uintptr_t)ctl,
		.counts = (uintptr_t)counts,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_COUNT_UNTIL, &args, ITEMS, 64);
	struct adder adders[THREADS];
	pthread_t t[THREADS];
	uint64_t device = 0;

	ASSERT_NE(ctl, NULL);
	ASSERT_NE(counter, NULL);
	ASSERT_NE(counts, NULL);
	*counter = 1000;
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 LONG_JOB_MS, self->status), 0);
	ASSERT_TRUE(wait_for(&ctl->started, 1, LONG_JOB_MS));
	for (int i = 0; i < THREADS; i++) {
		adders[i] = (struct adder){ .word = counter, .rounds = 20000 };
		ASSERT_EQ(pthread_create(&t[i], NULL, host_add, &adders[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		ASSERT_EQ(pthread_join(t[i], NULL), 0);
	}
	set_stop(ctl, 1);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_EQ(ctl->started, ITEMS);
	for (int i = 0; i < ITEMS; i++) {
		ASSERT_GE(counts[i], 1);
		device += counts[i];
	}
	TH_LOG("device adds %llu, host adds %d", (unsigned long long)device,
	       THREADS * 20000);
	ASSERT_EQ(*counter, 1000 + device + THREADS * 20000);

	/* A fixed number of device adds racing host adds started with it. */
	struct hk_atomic_add_args aargs = { .counter = (uintptr_t)counter, .n = 300 };

	nd = launch(self, HK_ATOMIC_ADD, &aargs, 128, 32);
	*counter = 5;
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 LONG_JOB_MS, NULL), 0);
	for (int i = 0; i < THREADS; i++) {
		ASSERT_EQ(pthread_create(&t[i], NULL, host_add, &adders[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		ASSERT_EQ(pthread_join(t[i], NULL), 0);
	}
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_EQ(*counter, 5 + 128 * 300 + THREADS * 20000);
}

/*
 * The CPU writes memory a running kernel reads. The kernel reads its word
 * once, then spins until the host's flag appears, then reads the word
 * again: it must see the host's later writes. Half the words are in a
 * page the host had written before (the device maps the same page the CPU
 * writes), half in a page nobody had touched (the device first sees the
 * zero page, which the host's write replaces).
 */
TEST_F_TIMEOUT(exec, cpu_writes_seen_by_running_kernel, 180)
{
	enum { ITEMS = 64 };
	struct hk_ctl *ctl = map_anon(PAGE);
	uint32_t *in = map_anon(2 * PAGE), *old = map_anon(PAGE);
	uint32_t *out = map_anon(PAGE);
	struct hk_spin_flag_args args = {
		.ctl = (uintptr_t)ctl, .in = (uintptr_t)in,
		.old = (uintptr_t)old, .out = (uintptr_t)out,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_SPIN_FLAG, &args, ITEMS, ITEMS);

	ASSERT_NE(ctl, NULL);
	ASSERT_NE(in, NULL);
	ASSERT_NE(old, NULL);
	ASSERT_NE(out, NULL);
	for (int i = 0; i < ITEMS / 2; i++)
		in[32 * i] = 1000 + i;
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 LONG_JOB_MS, self->status), 0);
	ASSERT_TRUE(wait_for(&ctl->started, ITEMS, LONG_JOB_MS));
	for (int i = 0; i < ITEMS; i++)
		in[32 * i] = 5000 + i;
	set_stop(ctl, 7);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_TRUE(status_ok(self->status));
	for (int i = 0; i < ITEMS; i++) {
		ASSERT_EQ(old[i], i < ITEMS / 2 ? 1000 + i : 0) TH_LOG("item %d", i);
		ASSERT_EQ(out[i], 5000 + i + 7) TH_LOG("item %d", i);
	}
}

static bool private_vram(int fd)
{
	struct drm_hmmgpu_counters c = hg_counters(fd, HMMGPU_COUNTERS_DEVICE);

	return c.vram_pages && c.vram_pages != ~0ull &&
	       !(c.vram_flags & HMMGPU_VRAM_COHERENT);
}

/*
 * Pages in VRAM under a kernel that increments words in them while the CPU
 * increments the same words (each CPU touch migrates a page back to system
 * memory) and the test migrates them to VRAM again and again. Every word
 * must end with exactly the device's and the CPU's adds.
 */
TEST_F_TIMEOUT(exec, fault_back_mid_kernel, 300)
{
	enum { ITEMS = 64, ROUNDS = 20 };
	size_t size = (ITEMS + 1) * PAGE, stride = PAGE + 8;
	struct hk_ctl *ctl = map_anon(PAGE);
	uint64_t *counts = map_anon(PAGE);
	char *buf = map_anon(size);
	struct hk_count_until_args args = {
		.words = (uintptr_t)buf, .stride = stride, .ctl = (uintptr_t)ctl,
		.counts = (uintptr_t)counts,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_COUNT_UNTIL, &args, ITEMS, ITEMS);
	struct drm_hmmgpu_counters d0, d1;
	uint64_t moved, remigrated = 0;

	if (!private_vram(self->fd))
		SKIP(return, "device 0 has no private VRAM (load with vram_mb=8)");
	ASSERT_NE(ctl, NULL);
	ASSERT_NE(counts, NULL);
	ASSERT_NE(buf, NULL);
	for (int i = 0; i < ITEMS; i++)
		*(uint64_t *)(buf + i * stride) = 100 * i;
	ASSERT_EQ(dev_migrate(self->fd, buf, size, HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	ASSERT_EQ(moved, ITEMS + 1);
	ASSERT_EQ(count_state(self->fd, buf, size, HMMGPU_SNAP_VRAM_LOCAL), ITEMS + 1);
	d0 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);

	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 LONG_JOB_MS, self->status), 0);
	ASSERT_TRUE(wait_for(&ctl->started, ITEMS, LONG_JOB_MS));
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < ITEMS; i++)
			__atomic_fetch_add((uint64_t *)(buf + i * stride), 1,
					   __ATOMIC_SEQ_CST);
		ASSERT_EQ(dev_migrate(self->fd, buf, size, HMMGPU_MIGRATE_TO_VRAM,
				      &moved), 0);
		remigrated += moved;
	}
	set_stop(ctl, 1);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_TRUE(status_ok(self->status));
	d1 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	TH_LOG("pages migrated back to VRAM %llu, to RAM %llu",
	       (unsigned long long)remigrated,
	       (unsigned long long)(d1.migrated_to_ram - d0.migrated_to_ram));
	for (int i = 0; i < ITEMS; i++) {
		ASSERT_GE(counts[i], 1);
		ASSERT_EQ(*(uint64_t *)(buf + i * stride), 100 * i + counts[i] + ROUNDS)
			TH_LOG("word %d: device adds %llu", i,
			       (unsigned long long)counts[i]);
	}
	/* The CPU's first round alone faulted every word's page back. */
	ASSERT_GE(d1.migrated_to_ram - d0.migrated_to_ram, ITEMS);
	ASSERT_GT(remigrated, 0);
}

/* Sets /sys/module/hmmgpu/parameters/@name; 0 or -1. */
static int set_param(const char *name, long value)
{
	char path[128];
	FILE *f;
	int ret;

	snprintf(path, sizeof(path), "/sys/module/hmmgpu/parameters/%s", name);
	f = fopen(path, "w");
	if (!f)
		return -1;
	ret = fprintf(f, "%ld\n", value) > 0 ? 0 : -1;
	return fclose(f) ? -1 : ret;
}

/*
 * The migration policy: a kernel that keeps missing the TLB on pages of a
 * 64 KiB chunk (128 pages read round-robin: every access misses a 64-entry
 * TLB) gets the chunk moved to VRAM, and still reads the right values;
 * with migrate_threshold 0 nothing moves.
 */
TEST_F_TIMEOUT(exec, auto_migration, 300)
{
	enum { PAGES = 128, ROUNDS = 1500 };
	long threshold = hg_param("migrate_threshold");
	uint64_t *buf = map_anon(PAGES * PAGE), *other = map_anon(PAGES * PAGE);
	uint64_t *out = map_anon(PAGE), expect = 0;
	struct hk_touch_args args = {
		.buf = (uintptr_t)buf, .pages = PAGES, .rounds = ROUNDS,
		.out = (uintptr_t)out,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_TOUCH, &args, 1, 1);
	struct drm_hmmgpu_counters c0, c1, c2;
	long in_vram;
	int64_t t0;

	if (!private_vram(self->fd))
		SKIP(return, "device 0 has no private VRAM (load with vram_mb=8)");
	ASSERT_GT(threshold, 0) TH_LOG("migrate_threshold is off");
	ASSERT_NE(buf, NULL);
	ASSERT_NE(other, NULL);
	ASSERT_NE(out, NULL);
	for (int p = 0; p < PAGES; p++) {
		buf[p * 512] = 3 * p + 1;
		other[p * 512] = 3 * p + 1;
		expect += 3 * p + 1;
	}
	expect *= ROUNDS;
	c0 = hg_counters(self->fd, 0);
	t0 = hg_now_ms();
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, LONG_JOB_MS,
		      self->status), 0);
	ASSERT_EQ(*out, expect);
	c1 = hg_counters(self->fd, 0);
	TH_LOG("%lld ms, %llu TLB misses, %llu pages migrated by the policy, %ld in VRAM now",
	       (long long)(hg_now_ms() - t0),
	       (unsigned long long)(c1.tlb_misses - c0.tlb_misses),
	       (unsigned long long)(c1.auto_migrations - c0.auto_migrations),
	       count_state(self->fd, buf, PAGES * PAGE, HMMGPU_SNAP_VRAM_LOCAL));
	ASSERT_GE(c1.tlb_misses - c0.tlb_misses, (uint64_t)PAGES * ROUNDS / 2);
	ASSERT_GT(c1.auto_migrations, c0.auto_migrations);
	ASSERT_GE(c1.migrated_to_vram - c0.migrated_to_vram,
		  c1.auto_migrations - c0.auto_migrations);
	ASSERT_GT(count_state(self->fd, buf, PAGES * PAGE, HMMGPU_SNAP_VRAM_LOCAL), 0);
	/* The CPU reads them back. */
	for (int p = 0; p < PAGES; p++) {
		ASSERT_EQ(buf[p * 512], 3 * p + 1);
	}

	/*
	 * EXPECT until the parameter is restored. The policy moves whole
	 * 64 KiB chunks: pages of other next to buf's may have gone too.
	 */
	in_vram = count_state(self->fd, other, PAGES * PAGE, HMMGPU_SNAP_VRAM_LOCAL);
	ASSERT_EQ(set_param("migrate_threshold", 0), 0);
	args.buf = (uintptr_t)other;
	*out = 0;
	EXPECT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, LONG_JOB_MS,
		      self->status), 0);
	EXPECT_EQ(*out, expect);
	c2 = hg_counters(self->fd, 0);
	EXPECT_EQ(c2.auto_migrations, c1.auto_migrations);
	EXPECT_EQ(count_state(self->fd, other, PAGES * PAGE, HMMGPU_SNAP_VRAM_LOCAL),
		  in_vram);
	ASSERT_EQ(set_param("migrate_threshold", threshold), 0);
}

/* ---- the address space changing under a running kernel ---- */

struct running {
	struct hk_ctl *ctl;
	uint64_t *counts;
	char *words;
	size_t size;
};

/* Starts count_until on one word per page of @pages pages, one group. */
static int start_counting(FIXTURE_DATA(exec) *self, struct running *r,
			  int pages, uint64_t init)
{
	struct hk_count_until_args args;
	struct drm_hmmgpu_ndrange nd;
	int ret;

	r->size = pages * PAGE;
	r->ctl = map_anon(PAGE);
	r->counts = map_anon(PAGE);
	r->words = map_anon(r->size);
	if (!r->ctl || !r->counts || !r->words)
		return -ENOMEM;
	for (int i = 0; i < pages; i++)
		*(uint64_t *)(r->words + i * PAGE) = init + i;
	memset(r->counts, 0xff, PAGE);
	args = (struct hk_count_until_args){
		.words = (uintptr_t)r->words, .stride = PAGE,
		.ctl = (uintptr_t)r->ctl, .counts = (uintptr_t)r->counts,
	};
	nd = launch(self, HK_COUNT_UNTIL, &args, pages, pages);
	ret = submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
		     LONG_JOB_MS, self->status);
	if (ret)
		return ret;
	return wait_for(&r->ctl->started, pages, LONG_JOB_MS) ? 0 : -ETIMEDOUT;
}

/* A sanity job after a failure: the device still runs kernels. */
static bool device_works(FIXTURE_DATA(exec) *self)
{
	uint64_t *w = map_anon(PAGE);
	struct hk_atomic_add_args args = { .counter = (uintptr_t)w, .n = 3 };
	struct drm_hmmgpu_ndrange nd = launch(self, HK_ATOMIC_ADD, &args, 10, 5);
	bool ok;

	if (!w)
		return false;
	ok = run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0, NULL) == 0 &&
	     *w == 30;
	munmap(w, PAGE);
	return ok;
}

/* munmap under a running kernel: its next access faults, the job fails. */
TEST_F_TIMEOUT(exec, munmap_while_running, 180)
{
	struct running r;

	ASSERT_EQ(start_counting(self, &r, 16, 0), 0);
	ASSERT_EQ(munmap(r.words, r.size), 0);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), -EFAULT);
	ASSERT_TRUE(status_failed(self->status, -EFAULT));
	ASSERT_GE(self->status->fault_addr, (uintptr_t)r.words);
	ASSERT_LT(self->status->fault_addr, (uintptr_t)r.words + r.size);
	EXPECT_EQ(self->status->insn,
		  self->prog.entry[HK_COUNT_UNTIL] + HK_COUNT_UNTIL_LOOP_ADD);
	/* The kernel never got to write its counts. */
	ASSERT_EQ(first_not(r.counts, PAGE, 0xff), PAGE);
	ASSERT_EQ(hg_counters(self->fd, 0).jobs_failed, 1);
	ASSERT_TRUE(device_works(self));
}

/* mprotect(PROT_READ) under a running kernel: its next add faults. */
TEST_F_TIMEOUT(exec, mprotect_while_running, 180)
{
	uint64_t seen[16];
	struct running r;

	ASSERT_EQ(start_counting(self, &r, 16, 10), 0);
	ASSERT_EQ(mprotect(r.words, r.size, PROT_READ), 0);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), -EFAULT);
	ASSERT_TRUE(status_failed(self->status, -EFAULT));
	ASSERT_GE(self->status->fault_addr, (uintptr_t)r.words);
	ASSERT_LT(self->status->fault_addr, (uintptr_t)r.words + r.size);
	EXPECT_EQ(self->status->insn,
		  self->prog.entry[HK_COUNT_UNTIL] + HK_COUNT_UNTIL_LOOP_ADD);
	for (int i = 0; i < 16; i++) {
		seen[i] = *(uint64_t *)(r.words + i * PAGE);
		ASSERT_GT(seen[i], 10 + i);
	}
	/* A stopped job writes nothing more; the pages are the CPU's again. */
	ASSERT_TRUE(device_works(self));
	for (int i = 0; i < 16; i++) {
		ASSERT_EQ(*(uint64_t *)(r.words + i * PAGE), seen[i]);
	}
	ASSERT_EQ(mprotect(r.words, r.size, PROT_READ | PROT_WRITE), 0);
	*(uint64_t *)r.words = 1;
	ASSERT_EQ(first_not(r.counts, PAGE, 0xff), PAGE);
}

/*
 * fork under a running kernel. The device mirrors the parent's address
 * space only: the parent's pages become copy-on-write, the kernel's next
 * adds break COW for the parent, and the child's copy keeps the values of
 * the moment of the fork. The kernel completes, and the parent's words
 * hold exactly the kernel's adds.
 */
TEST_F_TIMEOUT(exec, fork_while_running, 180)
{
	int to_child[2], to_parent[2];
	struct running r;
	char token = 0;
	pid_t pid;

	ASSERT_EQ(pipe(to_child), 0);
	ASSERT_EQ(pipe(to_parent), 0);
	ASSERT_EQ(start_counting(self, &r, 16, 1000), 0);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		uint64_t mine[16], args = 0;
		struct drm_hmmgpu_ndrange nd = launch(self, HK_NOP, &args, 1, 1);

		for (int i = 0; i < 16; i++) {
			mine[i] = *(uint64_t *)(r.words + i * PAGE);
			if (mine[i] <= 1000u + i)
				_exit(10);
		}
		/* The parent's file is not the child's. */
		if (submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, 0, NULL, 0, 0,
			   NULL) != -EACCES)
			_exit(11);
		if (write(to_parent[1], &token, 1) != 1)
			_exit(12);
		if (read(to_child[0], &token, 1) != 1)
			_exit(13);
		/* The parent's kernel has ended; our copy never changed. */
		for (int i = 0; i < 16; i++)
			if (*(uint64_t *)(r.words + i * PAGE) != mine[i])
				_exit(14);
		if (first_not(r.counts, PAGE, 0xff) != PAGE)
			_exit(15);
		_exit(0);
	}
	ASSERT_EQ(read(to_parent[0], &token, 1), 1);
	/* The stop flag's page is COW too: the device must see our write. */
	set_stop(r.ctl, 1);
	ASSERT_EQ(wait_job(self->fd, self->sync, LONG_JOB_MS), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_EQ(write(to_child[1], &token, 1), 1);
	ASSERT_EQ(child_status(pid), 0);
	for (int i = 0; i < 16; i++) {
		ASSERT_GE(r.counts[i], 1);
		ASSERT_EQ(*(uint64_t *)(r.words + i * PAGE), 1000 + i + r.counts[i]);
	}
	close(to_child[0]);
	close(to_child[1]);
	close(to_parent[0]);
	close(to_parent[1]);
}

/* ---- VRAM exhaustion ---- */

struct migrator {
	int fd;
	char *range;
	size_t size;
	int done;
	long rounds;
	int error;
};

static void *migrate_loop(void *arg)
{
	struct migrator *m = arg;

	/* At least one round: the VRAM is full, so it evicts. */
	do {
		m->error = dev_migrate(m->fd, m->range, m->size,
				       HMMGPU_MIGRATE_TO_VRAM, NULL);
		if (!m->error)
			m->error = dev_migrate(m->fd, m->range, m->size,
					       HMMGPU_MIGRATE_TO_RAM, NULL);
		m->rounds++;
	} while (!__atomic_load_n(&m->done, __ATOMIC_ACQUIRE) && !m->error);
	return NULL;
}

static uint64_t stream_value(size_t page, int slot)
{
	return ((uint64_t)page << 8 | slot) * 0x10001;
}

/*
 * A kernel streams over 12 MiB that were migrated to the 8 MiB VRAM (part
 * of it evicted already) while another thread migrates a different range
 * in and out, evicting the kernel's pages under it: every word the kernel
 * updated has its value, every other word is untouched.
 */
TEST_F_TIMEOUT(exec, vram_exhaustion, 600)
{
	size_t pages = 3072, size = pages * PAGE, other = 2 << 20;
	uint64_t *buf = map_anon(size);
	uint64_t *c = map_anon(other);
	struct hk_stream_args args = { .buf = (uintptr_t)buf };
	struct drm_hmmgpu_ndrange nd = launch(self, HK_STREAM, &args, pages, 64);
	struct migrator m = { .fd = self->fd, .range = (char *)c, .size = other };
	struct drm_hmmgpu_counters d0, d1, d2;
	uint64_t moved;
	pthread_t t;

	if (!private_vram(self->fd))
		SKIP(return, "device 0 has no private VRAM (load with vram_mb=8)");
	d0 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	ASSERT_LT(d0.vram_pages, pages) TH_LOG("VRAM larger than the buffer");
	ASSERT_NE(buf, NULL);
	ASSERT_NE(c, NULL);
	for (size_t p = 0; p < pages; p++)
		for (int w = 0; w < 512; w++)
			buf[p * 512 + w] = stream_value(p, w);
	for (size_t i = 0; i < other / 8; i++)
		c[i] = ~i;
	ASSERT_EQ(dev_migrate(self->fd, buf, size, HMMGPU_MIGRATE_TO_VRAM, &moved), 0);
	d1 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	TH_LOG("migrated %llu of %zu pages, %llu evicted",
	       (unsigned long long)moved, pages,
	       (unsigned long long)(d1.evictions - d0.evictions));
	ASSERT_GE(moved, d0.vram_pages);
	ASSERT_GT(d1.evictions, d0.evictions);

	ASSERT_EQ(pthread_create(&t, NULL, migrate_loop, &m), 0);
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 300000,
		      self->status), 0);
	__atomic_store_n(&m.done, 1, __ATOMIC_RELEASE);
	ASSERT_EQ(pthread_join(t, NULL), 0);
	ASSERT_EQ(m.error, 0);
	ASSERT_TRUE(status_ok(self->status));
	d2 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	TH_LOG("%ld migration rounds of the other range during the job, %llu evictions",
	       m.rounds, (unsigned long long)(d2.evictions - d1.evictions));
	ASSERT_GT(m.rounds, 0);
	ASSERT_GT(d2.evictions, d1.evictions);

	for (size_t p = 0; p < pages; p++) {
		for (int w = 0; w < 512; w++) {
			uint64_t v = stream_value(p, w);

			if (w % (HK_STREAM_SLOT_STRIDE / 8) == 0)
				v = 3 * v + 1;
			ASSERT_EQ(buf[p * 512 + w], v)
				TH_LOG("page %zu word %d", p, w);
		}
	}
	for (size_t i = 0; i < other / 8; i++) {
		ASSERT_EQ(c[i], ~i);
	}
	munmap(buf, size);
	munmap(c, other);
}

/* ---- timeouts, cancellation, dying processes ---- */

/*
 * A kernel that never ends is stopped at its timeout with -ETIMEDOUT; the
 * job queued behind it runs, and so do later ones.
 */
TEST_F_TIMEOUT(exec, infinite_loop_timeout, 240)
{
	struct hk_ctl *ctl = map_anon(PAGE);
	struct hk_loop_args args = { .ctl = (uintptr_t)ctl };
	struct drm_hmmgpu_ndrange nd = launch(self, HK_LOOP, &args, 1, 1);
	long def = hg_param("job_timeout_ms");
	struct drm_hmmgpu_counters c;
	uint32_t next;
	int64_t t0;

	ASSERT_NE(ctl, NULL);
	ASSERT_GT(def, 0) TH_LOG("no job_timeout_ms module parameter");
	t0 = hg_now_ms();
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 200,
		      self->status), -ETIMEDOUT);
	ASSERT_GE(hg_now_ms() - t0, 200);
	ASSERT_EQ(ctl->started, 1);
	ASSERT_TRUE(status_failed(self->status, -ETIMEDOUT));
	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.jobs_timed_out, 1);
	ASSERT_EQ(c.jobs_failed, 1);
	ASSERT_EQ(c.jobs_completed, 0);
	ASSERT_TRUE(device_works(self));

	/* Timeout 0: the module's job_timeout_ms. */
	t0 = hg_now_ms();
	ASSERT_EQ(run(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, 0, NULL),
		  -ETIMEDOUT);
	ASSERT_GE(hg_now_ms() - t0, def);

	/* A job queued behind a hanging one runs once that one is stopped. */
	ASSERT_EQ(hg_syncobj_create(self->fd, &next), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, self->sync, NULL, 0,
			 300, NULL), 0);
	{
		uint64_t *w = map_anon(PAGE);
		struct hk_atomic_add_args aargs = { .counter = (uintptr_t)w, .n = 1 };
		struct drm_hmmgpu_ndrange nd2 = launch(self, HK_ATOMIC_ADD, &aargs, 4, 4);

		ASSERT_NE(w, NULL);
		ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd2, next, NULL, 0,
				 0, NULL), 0);
		ASSERT_EQ(wait_job(self->fd, next, 300), 0);
		ASSERT_EQ(*w, 4);
	}
	ASSERT_EQ(wait_job(self->fd, self->sync, 300), -ETIMEDOUT);
	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.jobs_timed_out, 3);
	ASSERT_EQ(c.jobs_failed, 3);
	ASSERT_EQ(c.jobs_completed, 2);
}

/*
 * Closing the file cancels its jobs: the one running is stopped, the one
 * waiting never runs, and both fences (kept as sync files) signal errors.
 */
TEST_F_TIMEOUT(exec, close_cancels, 180)
{
	struct hk_ctl *ctl = map_anon(PAGE);
	uint64_t *w = map_anon(PAGE);
	struct hk_loop_args largs = { .ctl = (uintptr_t)ctl };
	struct hk_atomic_add_args aargs = { .counter = (uintptr_t)w, .n = 1 };
	struct hk_program p;
	struct drm_hmmgpu_ndrange loop, add;
	uint32_t h, s1, s2;
	int fd2, f1, f2, e1, e2;

	ASSERT_NE(ctl, NULL);
	ASSERT_NE(w, NULL);
	fd2 = hg_open(0);
	ASSERT_GE(fd2, 0);
	ASSERT_EQ(hk_build(&p, HK_ALL), 0);
	ASSERT_EQ(hg_program_create(fd2, p.image, p.size, &h, NULL, NULL, 0), 0);
	ASSERT_EQ(hg_syncobj_create(fd2, &s1), 0);
	ASSERT_EQ(hg_syncobj_create(fd2, &s2), 0);
	loop = launch(self, HK_LOOP, &largs, 1, 1);
	loop.program = h;
	add = launch(self, HK_ATOMIC_ADD, &aargs, 1, 1);
	add.program = h;
	ASSERT_EQ(submit(fd2, HMMGPU_JOB_NDRANGE, &loop, s1, NULL, 0, 600000,
			 NULL), 0);
	ASSERT_EQ(submit(fd2, HMMGPU_JOB_NDRANGE, &add, s2, &s1, 1, 0,
			 self->status), 0);
	f1 = hg_sync_file(fd2, s1);
	f2 = hg_sync_file(fd2, s2);
	ASSERT_GE(f1, 0);
	ASSERT_GE(f2, 0);
	ASSERT_TRUE(wait_for(&ctl->started, 1, LONG_JOB_MS));
	ASSERT_EQ(hg_sync_file_wait(f2, 0), HG_PENDING);
	ASSERT_EQ(close(fd2), 0);
	e1 = hg_sync_file_wait(f1, SLACK_MS);
	e2 = hg_sync_file_wait(f2, SLACK_MS);
	TH_LOG("running job: %d, waiting job: %d", e1, e2);
	ASSERT_LT(e1, 0);
	ASSERT_EQ(e2, -ECANCELED);
	ASSERT_EQ(*w, 0);
	close(f1);
	close(f2);
	hk_free(&p);
	ASSERT_TRUE(device_works(self));
}

/*
 * A process killed while its kernels occupy every compute unit: its jobs
 * must go with it (the parent's job, queued behind them, runs long before
 * their ten-minute timeout), and the device keeps working. guest-suite
 * scans for leaks after this program.
 */
TEST_F_TIMEOUT(exec, killed_mid_kernel, 240)
{
	long cus = hg_param("compute_units");
	struct drm_hmmgpu_counters d0;
	int to_parent[2], status;
	char token = 0;
	pid_t pid;

	ASSERT_GE(cus, 0) TH_LOG("no compute_units module parameter");
	/* 0: one per online CPU, at most 64. */
	if (!cus)
		cus = sysconf(_SC_NPROCESSORS_ONLN) < 64 ? sysconf(_SC_NPROCESSORS_ONLN) : 64;
	ASSERT_EQ(pipe(to_parent), 0);
	d0 = hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE);
	pid = fork();
	ASSERT_GE(pid, 0);
	if (pid == 0) {
		struct hk_ctl *ctl = map_anon(PAGE);
		struct hk_loop_args args = { .ctl = (uintptr_t)ctl };
		struct drm_hmmgpu_ndrange nd;
		struct hk_program p;
		uint32_t h, s;
		int fd = hg_open(0);

		if (fd < 0 || !ctl || hk_build(&p, 1u << HK_LOOP) ||
		    hg_program_create(fd, p.image, p.size, &h, NULL, NULL, 0) ||
		    hg_syncobj_create(fd, &s))
			_exit(10);
		nd = (struct drm_hmmgpu_ndrange){
			.program = h, .work_dim = 1,
			.global_size = { 4 * cus }, .local_size = { 1 },
			.args = (uintptr_t)&args, .args_size = sizeof(args),
		};
		if (submit(fd, HMMGPU_JOB_NDRANGE, &nd, s, NULL, 0, 600000, NULL))
			_exit(11);
		/* Every compute unit runs one of its groups. */
		if (!wait_for(&ctl->started, cus, LONG_JOB_MS))
			_exit(12);
		if (write(to_parent[1], &token, 1) != 1)
			_exit(13);
		for (;;)
			pause();
	}
	close(to_parent[1]);
	ASSERT_EQ(read(to_parent[0], &token, 1), 1)
		TH_LOG("the child failed before its kernel ran");
	ASSERT_EQ(kill(pid, SIGKILL), 0);
	ASSERT_EQ(waitpid(pid, &status, 0), pid);
	ASSERT_TRUE(WIFSIGNALED(status));
	ASSERT_TRUE(device_works(self));
	ASSERT_GE(hg_counters(self->fd, HMMGPU_COUNTERS_DEVICE).jobs_failed,
		  d0.jobs_failed + 1);
	close(to_parent[0]);
}

/* ---- dependencies ---- */

/*
 * Job B waits for job A's fence: it does not start while A runs, and then
 * sees A's results (B copies the counts A wrote last).
 */
TEST_F_TIMEOUT(exec, dependency_order, 180)
{
	struct hk_ctl *ctl = map_anon(PAGE);
	uint64_t *words = map_anon(PAGE), *counts = map_anon(PAGE);
	uint64_t *dst = map_anon(PAGE);
	struct hk_count_until_args args = {
		.words = (uintptr_t)words, .stride = 8, .ctl = (uintptr_t)ctl,
		.counts = (uintptr_t)counts,
	};
	struct drm_hmmgpu_ndrange nd = launch(self, HK_COUNT_UNTIL, &args, 16, 16);
	struct drm_hmmgpu_copy copy = {
		.dst = (uintptr_t)dst, .src = (uintptr_t)counts, .size = 16 * 8,
	};
	struct drm_hmmgpu_job_status *sb = self->status + 1;
	uint32_t sa, sb_sync;
	int fb;

	ASSERT_NE(ctl, NULL);
	ASSERT_NE(words, NULL);
	ASSERT_NE(counts, NULL);
	ASSERT_NE(dst, NULL);
	memset(dst, 0xee, PAGE);
	ASSERT_EQ(hg_syncobj_create(self->fd, &sa), 0);
	ASSERT_EQ(hg_syncobj_create(self->fd, &sb_sync), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &nd, sa, NULL, 0,
			 LONG_JOB_MS, self->status), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_COPY, &copy, sb_sync, &sa, 1, 0,
			 sb), 0);
	fb = hg_sync_file(self->fd, sb_sync);
	ASSERT_GE(fb, 0);
	ASSERT_TRUE(wait_for(&ctl->started, 16, LONG_JOB_MS));
	/* A runs until we stop it: B has not run. */
	ASSERT_EQ(hg_sync_file_wait(fb, 0), HG_PENDING);
	ASSERT_EQ(first_not(dst, PAGE, 0xee), PAGE);
	set_stop(ctl, 1);
	ASSERT_EQ(hg_sync_file_wait(fb, LONG_JOB_MS + SLACK_MS), 0);
	ASSERT_EQ(wait_job(self->fd, sa, 0), 0);
	ASSERT_TRUE(status_ok(self->status));
	ASSERT_TRUE(status_ok(sb));
	for (int i = 0; i < 16; i++) {
		ASSERT_GE(counts[i], 1);
		ASSERT_EQ(dst[i], counts[i]);
		ASSERT_EQ(words[i], counts[i]);
	}
	ASSERT_EQ(first_not(dst + 16, PAGE - 128, 0xee), PAGE - 128);
	close(fb);
}

/*
 * A failed dependency cancels the jobs waiting for it, transitively; a
 * job with several dependencies waits for all; an already signalled
 * syncobj is no obstacle.
 */
TEST_F(exec, dependency_failed)
{
	uint8_t *dst = map_anon(PAGE), pattern = 0x77;
	uint64_t *w = map_anon(PAGE);
	/* Last: a later mmap could fill the hole. */
	char *hole = unmapped_range(PAGE);
	struct hk_load_store_args fargs = { .src = (uintptr_t)hole, .dst = (uintptr_t)w };
	struct hk_atomic_add_args aargs = { .counter = (uintptr_t)w, .n = 2 };
	struct drm_hmmgpu_ndrange fail = launch(self, HK_LOAD_STORE, &fargs, 1, 1);
	struct drm_hmmgpu_ndrange add = launch(self, HK_ATOMIC_ADD, &aargs, 8, 8);
	struct drm_hmmgpu_copy fill = {
		.dst = (uintptr_t)dst, .size = PAGE,
		.pattern = (uintptr_t)&pattern, .pattern_size = 1,
	};
	struct drm_hmmgpu_job_status *st = self->status;
	struct drm_syncobj_create signalled = { .flags = DRM_SYNCOBJ_CREATE_SIGNALED };
	struct drm_hmmgpu_counters c;
	uint32_t s[4], both[2];

	ASSERT_NE(hole, NULL);
	ASSERT_NE(dst, NULL);
	ASSERT_NE(w, NULL);
	for (int i = 0; i < 4; i++) {
		ASSERT_EQ(hg_syncobj_create(self->fd, &s[i]), 0);
	}
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &fail, s[0], NULL, 0, 0,
			 &st[0]), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_FILL, &fill, s[1], &s[0], 1, 0,
			 &st[1]), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &add, s[2], &s[1], 1, 0,
			 &st[2]), 0);
	ASSERT_EQ(wait_job(self->fd, s[2], 0), -ECANCELED);
	ASSERT_EQ(wait_job(self->fd, s[1], 0), -ECANCELED);
	ASSERT_EQ(wait_job(self->fd, s[0], 0), -EFAULT);
	ASSERT_TRUE(status_failed(&st[0], -EFAULT));
	ASSERT_TRUE(status_failed(&st[1], -ECANCELED));
	ASSERT_TRUE(status_failed(&st[2], -ECANCELED));
	ASSERT_EQ(first_not(dst, PAGE, 0), PAGE);
	ASSERT_EQ(*w, 0);
	c = hg_counters(self->fd, 0);
	ASSERT_EQ(c.jobs_submitted, 3);
	ASSERT_EQ(c.jobs_failed, 3);
	ASSERT_EQ(c.jobs_completed, 0);

	/* Two dependencies, one already signalled, one still to come. */
	ASSERT_EQ(hg_ioctl(self->fd, DRM_IOCTL_SYNCOBJ_CREATE, &signalled), 0);
	both[0] = signalled.handle;
	both[1] = s[3];
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_FILL, &fill, s[3], NULL, 0, 0,
			 NULL), 0);
	ASSERT_EQ(submit(self->fd, HMMGPU_JOB_NDRANGE, &add, s[2], both, 2, 0,
			 &st[2]), 0);
	ASSERT_EQ(wait_job(self->fd, s[2], 0), 0);
	ASSERT_EQ(wait_job(self->fd, s[3], 0), 0);
	ASSERT_TRUE(status_ok(&st[2]));
	ASSERT_EQ(first_not(dst, PAGE, 0x77), PAGE);
	ASSERT_EQ(*w, 16);
}

TEST_HARNESS_MAIN
