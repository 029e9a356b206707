// SPDX-License-Identifier: GPL-2.0-only OR MIT
/*
 * hmmgpu-verifier-fuzz: feeds PROGRAM_CREATE with device programs that are
 * broken in every way the fuzzer can think of -- valid images from the
 * engine's builder (kernel-driver/tests/hmmgpu-kernels.c) with bits
 * flipped anywhere or in the code, random instructions in a valid
 * container, header and table fields set to boundary values, wrong sizes,
 * random bytes, random instructions the verifier accepts -- and runs
 * what the driver accepts, with small random NDRanges and a short timeout.
 * The same images also go through the engine's parser and verifier here in
 * userspace (engine/image.c, engine/verify.c: the code the driver runs), so
 * the driver's verdict and its log line are checked against the engine's.
 *
 *   hmmgpu-verifier-fuzz [ITERATIONS [SEED [MAX_RUNS]]]   (defaults 1000, 1, ITERATIONS / 4)
 *
 * Verdict (exit status 0 only if all hold): every PROGRAM_CREATE succeeds
 * or fails with a documented errno; the driver accepts nothing the engine
 * rejects; every rejection writes a nonempty, NUL-terminated reason inside
 * the log buffer and nothing past it, the engine's reason when the engine
 * rejects the image too; the
 * file's counters account for every acceptance and rejection; accepted
 * programs load again in another process, and their jobs fail only with
 * documented submission errors or fence errors, each fence signalling
 * (a kernel that runs forever is stopped at its timeout); and a known
 * kernel computes the right result at the end. The kernel side of the
 * verdict is the VM's log check (no BUG, WARNING, KASAN, ...).
 *
 * Accepted programs run in a child process with its own file: a mutated
 * kernel may write anywhere in the process that submitted it, and that
 * must not be the fuzzer. Deterministic: the same seed gives the same
 * sequence of images.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "engine/engine.h"
#include "hmmgpu-job.h"
#include "hmmgpu-rng.h"
#include "hmmgpu-kernels.h"

#define PAGE 4096ul
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
/* Room past the largest image for the canary and size growth. */
#define SLACK 256
#define JOB_TIMEOUT_MS 100
/* A job's fence must signal within this much more than its timeout. */
#define STUCK_MS 60000
#define MAX_KERNEL_RUNS 4
#define ARENA_PAGES 16

static const uint32_t boundary[] = {
	0, 1, 2, 7, 8, 15, 16, 64, 255, 256, 4096, 65535, 65536,
	0x7fffffff, 0x80000000, 0xfffffff8, 0xffffffff,
};

static uint32_t fuzz_u32(uint32_t old)
{
	switch (below(4)) {
	case 0:
		return (uint32_t)rnd();
	case 1:
		return old + (uint32_t)below(5) - 2;
	default:
		return boundary[below(ARRAY_SIZE(boundary))];
	}
}

enum mode {
	FLIP_ANY,	/* bits flipped anywhere in the image */
	FLIP_CODE,	/* bits flipped in the code */
	RANDOM_INSNS,	/* instructions replaced by random or plausible ones */
	VALID_INSNS,	/* ... by random ones the engine's verifier accepts */
	HEADER_FIELD,	/* a header field set to a boundary or random value */
	TABLE_FIELD,	/* a field of the function, kernel or argument table */
	RESIZE,		/* the buffer truncated or grown */
	RANDOM_BYTES,	/* random bytes, sometimes behind a valid magic */
	UNCHANGED,	/* the seed image as it is */
	NUM_MODES
};

static const char *const mode_names[NUM_MODES] = {
	"flip-any", "flip-code", "random-insns", "valid-insns", "header-field",
	"table-field", "resize", "random-bytes", "unchanged",
};

/* A plausible instruction: known-ish opcode, small fields. */
static struct hmm_insn random_insn(void)
{
	struct hmm_insn in;

	if (!below(4)) {
		uint64_t w[2] = { rnd(), rnd() };

		memcpy(&in, w, sizeof(in));
		return in;
	}
	in = (struct hmm_insn){
		.op = (uint8_t)below(HMM_OP_COUNT + 2),
		.type = (uint8_t)below(HMM_T_COUNT + 1),
		.mod = (uint8_t)(below(3) ? 0 : below(16)),
		.flags = (uint8_t)(below(3) ? 0 : below(16)),
		.dst = (uint16_t)below(28),
		.a = (uint16_t)(below(3) ? below(28) : 0),
		.b = (uint16_t)(below(3) ? below(28) : 0),
		.c = (uint16_t)(below(4) ? 0 : below(28)),
		.imm = (int32_t)(below(2) ? below(64) : fuzz_u32(0)),
	};
	return in;
}

/* How often each mode is picked, out of the sum. */
static const unsigned int mode_weight[NUM_MODES] = {
	[FLIP_ANY] = 4, [FLIP_CODE] = 3, [RANDOM_INSNS] = 2, [VALID_INSNS] = 4,
	[HEADER_FIELD] = 2, [TABLE_FIELD] = 2, [RESIZE] = 1, [RANDOM_BYTES] = 1,
	[UNCHANGED] = 1,
};

static enum mode pick_mode(void)
{
	unsigned int sum = 0, r;
	int m;

	for (m = 0; m < NUM_MODES; m++)
		sum += mode_weight[m];
	r = (unsigned int)below(sum);
	for (m = 0; r >= mode_weight[m]; m++)
		r -= mode_weight[m];
	return (enum mode)m;
}

/*
 * The engine's verdict on @size bytes at @img (8-byte aligned), with its
 * reason in @log: what the driver must answer, since it runs the same code.
 */
static int local_verdict(const uint8_t *img, size_t size, char *log,
			 size_t log_size)
{
	struct hmm_log l = { .buf = log, .size = log_size };
	struct hmm_program prog;
	int ret;

	log[0] = 0;
	ret = hmm_image_parse(img, size, &prog, &l);
	return ret ? ret : hmm_verify(&prog, &l);
}

/*
 * Replaces instruction @at by a random one the engine's verifier accepts in
 * its place, or leaves it. The verifier's reason steers the search: the
 * field it names is cleared or drawn again.
 */
static void valid_insn(const uint8_t *img, size_t size, struct hmm_insn *code,
		       uint32_t at)
{
	struct hmm_insn old = code[at];
	char log[256], here[32];

	snprintf(here, sizeof(here), "insn %u: ", at);
	code[at] = random_insn();
	for (int tries = 0; tries < 200; tries++) {
		struct hmm_insn *in = &code[at];
		const char *why;

		if (!local_verdict(img, size, log, sizeof(log)))
			return;
		why = strncmp(log, here, strlen(here)) ? NULL : log + strlen(here);
		if (!why)
			*in = random_insn();
		else if (strstr(why, "unused operand d"))
			in->dst = 0;
		else if (strstr(why, "unused operand a"))
			in->a = 0;
		else if (strstr(why, "unused operand b"))
			in->b = 0;
		else if (strstr(why, "unused operand c"))
			in->c = 0;
		else if (strstr(why, " mod ") && strstr(why, "must be zero"))
			in->mod = 0;
		else if (strstr(why, " flags ") && strstr(why, "must be zero"))
			in->flags = 0;
		else if (strstr(why, " imm ") && strstr(why, "must be zero"))
			in->imm = 0;
		else if (strstr(why, "not allowed"))
			in->type = (uint8_t)below(HMM_T_COUNT);
		else if (strstr(why, "register d"))
			in->dst = (uint16_t)below(16);
		else if (strstr(why, "register a"))
			in->a = (uint16_t)below(16);
		else if (strstr(why, "register b"))
			in->b = (uint16_t)below(16);
		else if (strstr(why, "register c"))
			in->c = (uint16_t)below(16);
		else if (below(2))
			in->imm = (int32_t)below(16);
		else
			*in = random_insn();
	}
	code[at] = old;
}

/* Mutates @img (of @size bytes, room for SLACK more) by @m; returns its new size. */
static size_t mutate(uint8_t *img, size_t size, enum mode m)
{
	struct hmm_image_header *h = (struct hmm_image_header *)img;
	struct hmm_insn *code = (struct hmm_insn *)(img + h->code.offset);
	uint32_t ncode = h->code.count;

	switch (m) {
	case FLIP_ANY:
		for (uint64_t n = 1 + below(4); n; n--)
			img[below(size)] ^= (uint8_t)(1u << below(8));
		break;
	case FLIP_CODE:
		for (uint64_t n = 1 + below(3); n; n--)
			((uint8_t *)code)[below(ncode * sizeof(*code))] ^=
				(uint8_t)(1u << below(8));
		break;
	case RANDOM_INSNS:
		for (uint64_t n = 1 + below(3); n; n--)
			code[below(ncode)] = random_insn();
		break;
	case VALID_INSNS:
		for (uint64_t n = 1 + below(4); n; n--)
			valid_insn(img, size, code, (uint32_t)below(ncode));
		break;
	case HEADER_FIELD: {
		uint32_t *f = (uint32_t *)img;
		size_t i = below(sizeof(*h) / 4);

		f[i] = fuzz_u32(f[i]);
		break;
	}
	case TABLE_FIELD: {
		const struct hmm_section *s[3] = { &h->functions, &h->kernels, &h->args };
		const size_t sz[3] = { sizeof(struct hmm_function),
				       sizeof(struct hmm_kernel),
				       sizeof(struct hmm_kernel_arg) };
		int t = (int)below(3);
		size_t bytes = s[t]->count * sz[t];
		uint8_t *base = img + s[t]->offset;

		if (bytes >= 4) {
			uint32_t v;
			size_t at = below(bytes / 4) * 4;

			memcpy(&v, base + at, 4);
			v = fuzz_u32(v);
			memcpy(base + at, &v, 4);
		}
		break;
	}
	case RESIZE:
		/* Size 0 is a bad field, not a bad image. */
		if (below(2))
			return 1 + below(size - 1);
		memset(img + size, 0, SLACK);
		return size + 8 * (1 + below(SLACK / 8));
	case RANDOM_BYTES: {
		size_t n = 1 + below(512);

		for (size_t i = 0; i < n; i++)
			img[i] = (uint8_t)rnd();
		if (below(2) && n >= sizeof(*h)) {
			h->magic = HMM_IMAGE_MAGIC;
			h->version_major = HMM_ISA_VERSION_MAJOR;
			h->version_minor = HMM_ISA_VERSION_MINOR;
			h->size = (uint32_t)n;
		}
		return n;
	}
	case UNCHANGED:
	case NUM_MODES:
		break;
	}
	return size;
}

/*
 * The driver's log (@size bytes at most) says what the engine's line
 * @expect says, as far as it fits; a newline at its end does not count.
 */
static bool same_line(const char *log, uint32_t size, const char *expect)
{
	size_t n = strnlen(log, size);

	if (n && log[n - 1] == '\n')
		n--;
	if (n + 1 == size)
		return !strncmp(log, expect, n);
	return n == strlen(expect) && !strncmp(log, expect, n);
}

/* What a child reports about running an accepted program. */
struct run_report {
	int create;		/* PROGRAM_CREATE in the child */
	int runs;
	int submit[MAX_KERNEL_RUNS];
	int fence[MAX_KERNEL_RUNS];
};

static bool documented_submit(int err)
{
	return err == 0 || err == -EINVAL || err == -ENOMEM;
}

static bool documented_fence(int err)
{
	return err == 0 || err == -ETIMEDOUT || err == -EFAULT || err == -EIO ||
	       err == -ENOMEM || err == -ECANCELED;
}

/*
 * In the child: load the image in a file of its own and launch up to
 * MAX_KERNEL_RUNS of its kernels with random small NDRanges and argument
 * blocks of pointers into an arena and small numbers.
 */
static void run_child(const uint8_t *img, size_t size, int out)
{
	const struct hmm_image_header *h = (const void *)img;
	const struct hmm_kernel *kernels = (const void *)(img + h->kernels.offset);
	struct run_report rep = { 0 };
	uint8_t *arena = mmap(NULL, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE,
			      MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uint64_t args[HMMGPU_MAX_ARGS_SIZE / 8 + 1];
	uint32_t handle, sync;
	int fd = hg_open(0);

	if (fd < 0 || arena == MAP_FAILED || hg_syncobj_create(fd, &sync))
		_exit(2);
	memset(arena, 0, ARENA_PAGES * PAGE);
	rep.create = hg_program_create(fd, img, size, &handle, NULL, NULL, 0);
	for (int r = 0; !rep.create && r < MAX_KERNEL_RUNS && r < (int)h->kernels.count + 1; r++) {
		/* Now and then a kernel index past the last. */
		uint32_t kernel_range = h->kernels.count + (below(8) ? 0 : 1);
		struct drm_hmmgpu_ndrange nd = {
			.program = handle,
			.kernel = (uint32_t)below(kernel_range ? kernel_range : 1),
			.work_dim = 1 + (uint32_t)below(3),
		};
		const struct hmm_kernel *k = nd.kernel < h->kernels.count ?
					     &kernels[nd.kernel] : NULL;

		for (uint32_t d = 0; d < nd.work_dim; d++) {
			nd.global_size[d] = 1 + below(d ? 4 : 70);
			nd.local_size[d] = 1 + below(nd.global_size[d]);
			nd.global_offset[d] = below(4) ? 0 : below(100);
		}
		for (size_t i = 0; i < ARRAY_SIZE(args); i++)
			args[i] = below(4) ? (uintptr_t)arena + 8 * below(ARENA_PAGES * PAGE / 8)
					   : below(64);
		nd.args = (uintptr_t)args;
		nd.args_size = k ? k->arg_block_size : 8;
		if (nd.args_size > sizeof(args) || !below(16))
			nd.args_size = (uint32_t)below(sizeof(args));
		nd.local_mem_size = k ? k->local_size : 0;
		struct drm_hmmgpu_submit s = {
			.job = (uintptr_t)&nd, .type = HMMGPU_JOB_NDRANGE,
			.out_syncobj = sync, .timeout_ms = JOB_TIMEOUT_MS,
		};

		rep.submit[r] = hg_ioctl(fd, DRM_IOCTL_HMMGPU_SUBMIT, &s);
		rep.fence[r] = rep.submit[r] ? 0 :
			       hg_job_wait(fd, sync, JOB_TIMEOUT_MS + STUCK_MS);
		rep.runs++;
	}
	if (write(out, &rep, sizeof(rep)) != sizeof(rep))
		_exit(3);
	_exit(0);
}

struct stats {
	unsigned long iterations, accepted, rejected, enomem, undocumented;
	unsigned long log_missing, log_overrun, cached;
	/* The driver accepted what the engine rejects / the other way round. */
	unsigned long unverified, driver_only, log_mismatch;
	unsigned long by_mode[NUM_MODES][2]; /* accepted, rejected */
	unsigned long log_kind[5];	     /* image, insn, function, kernel, other */
	unsigned long runs, run_failures, child_crashes, jobs, submit_errors;
	unsigned long fences[6];	     /* ok, timed out, fault, io, nomem, canceled */
};

static const char *const log_kinds[5] = { "image:", "insn ", "function ", "kernel ", "" };

static void count_log(struct stats *st, const char *log)
{
	for (int i = 0; i < 5; i++) {
		if (!strncmp(log, log_kinds[i], strlen(log_kinds[i]))) {
			st->log_kind[i]++;
			return;
		}
	}
}

static void count_fence(struct stats *st, int err)
{
	static const int errs[6] = { 0, -ETIMEDOUT, -EFAULT, -EIO, -ENOMEM, -ECANCELED };

	for (int i = 0; i < 6; i++)
		if (errs[i] == err)
			st->fences[i]++;
}

/* Runs an accepted image in a child; false when the driver misbehaved. */
static bool run_accepted(struct stats *st, const uint8_t *img, size_t size,
			 unsigned long iteration)
{
	struct run_report rep;
	struct pollfd p;
	int pipefd[2], status;
	bool ok = true;
	pid_t pid;

	if (pipe(pipefd))
		return false;
	pid = fork();
	if (pid < 0)
		return false;
	if (pid == 0) {
		close(pipefd[0]);
		run_child(img, size, pipefd[1]);
	}
	close(pipefd[1]);
	st->runs++;
	p = (struct pollfd){ .fd = pipefd[0], .events = POLLIN };
	if (poll(&p, 1, MAX_KERNEL_RUNS * (JOB_TIMEOUT_MS + STUCK_MS)) <= 0) {
		printf("hmmgpu-verifier-fuzz: #%lu: the child's jobs never ended\n",
		       iteration);
		kill(pid, SIGKILL);
		ok = false;
	} else if (read(pipefd[0], &rep, sizeof(rep)) != sizeof(rep)) {
		/* The program wrote over its own process: not the driver's fault. */
		st->child_crashes++;
	} else if (rep.create) {
		printf("hmmgpu-verifier-fuzz: #%lu: accepted image refused in another process (%d)\n",
		       iteration, rep.create);
		ok = false;
	} else {
		for (int r = 0; r < rep.runs; r++) {
			st->jobs++;
			if (!documented_submit(rep.submit[r])) {
				printf("hmmgpu-verifier-fuzz: #%lu: submit: undocumented error %d\n",
				       iteration, rep.submit[r]);
				ok = false;
			} else if (rep.submit[r]) {
				st->submit_errors++;
			} else if (!documented_fence(rep.fence[r])) {
				printf("hmmgpu-verifier-fuzz: #%lu: job %d: fence %s %d\n",
				       iteration, r,
				       rep.fence[r] == HG_PENDING ? "never signalled" : "error",
				       rep.fence[r]);
				ok = false;
			} else {
				count_fence(st, rep.fence[r]);
			}
		}
	}
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) != pid)
		return false;
	if (!ok)
		st->run_failures++;
	return ok;
}

/* After the storm: a known kernel computes the right result. */
static bool sanity(int fd)
{
	uint64_t *counter = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct hk_atomic_add_args args = { .counter = (uintptr_t)counter, .n = 10 };
	struct hk_program p;
	struct drm_hmmgpu_ndrange nd = {
		.work_dim = 1, .global_size = { 64 }, .local_size = { 16 },
		.args = (uintptr_t)&args, .args_size = sizeof(args),
	};
	struct drm_hmmgpu_submit s = { .job = (uintptr_t)&nd, .type = HMMGPU_JOB_NDRANGE };
	bool ok;

	if (counter == MAP_FAILED || hk_build(&p, 1u << HK_ATOMIC_ADD) ||
	    hg_program_create(fd, p.image, p.size, &nd.program, NULL, NULL, 0) ||
	    hg_syncobj_create(fd, &s.out_syncobj))
		return false;
	ok = !hg_ioctl(fd, DRM_IOCTL_HMMGPU_SUBMIT, &s) &&
	     hg_job_wait(fd, s.out_syncobj, 10000 + STUCK_MS) == 0 &&
	     *counter == 640;
	hk_free(&p);
	return ok;
}

int main(int argc, char **argv)
{
	unsigned long iterations = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000;
	unsigned long seed = argc > 2 ? strtoul(argv[2], NULL, 0) : 1;
	unsigned long max_runs = argc > 3 ? strtoul(argv[3], NULL, 0) : iterations / 4;
	static const uint32_t log_sizes[] = { 0, 1, 2, 16, 100, HMMGPU_LOG_MAX };
	struct hk_program seeds[HK_COUNT + 1];
	struct drm_hmmgpu_counters c0, c1;
	struct stats st = { 0 };
	size_t max_size = 0;
	uint8_t *img;
	char *log;
	bool ok = true;
	int fd;

	rng_seed(seed);
	/* A mutated kernel must not be able to kill the fuzzer through a pipe. */
	signal(SIGPIPE, SIG_IGN);
	fd = hg_open(0);
	if (fd < 0) {
		fprintf(stderr, "hmmgpu-verifier-fuzz: no hmmgpu render node\n");
		return 1;
	}
	for (int i = 0; i <= HK_COUNT; i++) {
		if (hk_build(&seeds[i], i < HK_COUNT ? 1u << i : HK_ALL))
			return 1;
		if (seeds[i].size > max_size)
			max_size = seeds[i].size;
	}
	/* 8-byte aligned, with room to grow and a canary behind the log. */
	img = aligned_alloc(8, max_size + 2 * SLACK + 512);
	log = malloc(HMMGPU_LOG_MAX + 64);
	if (!img || !log)
		return 1;
	c0 = hg_counters(fd, 0);

	for (unsigned long it = 0; it < iterations; it++) {
		const struct hk_program *s = &seeds[below(ARRAY_SIZE(seeds))];
		enum mode m = pick_mode();
		uint32_t log_size = log_sizes[below(ARRAY_SIZE(log_sizes))];
		uint32_t handle = 0, flags = 0;
		char expect[HMMGPU_LOG_MAX];
		size_t size;
		int ret, local;

		memcpy(img, s->image, s->size);
		size = mutate(img, s->size, m);
		local = local_verdict(img, size, expect, sizeof(expect));
		/* One line, without its newline. */
		expect[strcspn(expect, "\n")] = 0;
		memset(log, 0x7f, HMMGPU_LOG_MAX + 64);
		ret = hg_program_create(fd, img, size, &handle, &flags,
					log_size ? log : NULL, log_size);
		st.iterations++;
		if (ret == 0 && local) {
			st.unverified++;
			printf("hmmgpu-verifier-fuzz: #%lu (%s): accepted an image the engine rejects: %s\n",
			       it, mode_names[m], expect);
		} else if (ret == -EINVAL && !local) {
			/* Allowed (a limit of the driver), but worth seeing. */
			st.driver_only++;
			printf("hmmgpu-verifier-fuzz: #%lu (%s): rejected an image the engine accepts: %.*s\n",
			       it, mode_names[m], (int)log_size, log_size ? log : "");
		} else if (ret == -EINVAL && log_size > 1 &&
			   !same_line(log, log_size, expect)) {
			st.log_mismatch++;
			printf("hmmgpu-verifier-fuzz: #%lu (%s): log \"%.*s\", engine: \"%s\"\n",
			       it, mode_names[m], (int)log_size, log, expect);
		}
		if (ret == 0) {
			st.accepted++;
			st.by_mode[m][0]++;
			/* One program at a time: nothing can be in the cache. */
			if (flags)
				st.cached++;
			if (st.runs < max_runs && !run_accepted(&st, img, size, it))
				ok = false;
			if (hg_program_destroy(fd, handle)) {
				printf("hmmgpu-verifier-fuzz: #%lu: destroy failed\n", it);
				ok = false;
			}
		} else if (ret == -EINVAL) {
			st.rejected++;
			st.by_mode[m][1]++;
			if (log_size > 1 && (!log[0] || !memchr(log, 0, log_size))) {
				st.log_missing++;
				printf("hmmgpu-verifier-fuzz: #%lu (%s): rejected without a reason in the log\n",
				       it, mode_names[m]);
			}
			if (log_size == 1 && log[0]) {
				st.log_missing++;
				printf("hmmgpu-verifier-fuzz: #%lu: a 1-byte log is not NUL\n", it);
			}
			if (log_size >= 16)
				count_log(&st, log);
		} else if (ret == -ENOMEM) {
			st.enomem++;
		} else {
			st.undocumented++;
			printf("hmmgpu-verifier-fuzz: #%lu (%s): undocumented errno %d (%s)\n",
			       it, mode_names[m], -ret, strerror(-ret));
		}
		if (log[log_size] != 0x7f || (!log_size && log[0] != 0x7f)) {
			st.log_overrun++;
			printf("hmmgpu-verifier-fuzz: #%lu: log written past its %u bytes\n",
			       it, log_size);
		}
	}
	c1 = hg_counters(fd, 0);

	printf("hmmgpu-verifier-fuzz: seed %lu: %lu images, %lu accepted, %lu rejected, %lu ENOMEM, %lu undocumented errors\n",
	       seed, st.iterations, st.accepted, st.rejected, st.enomem, st.undocumented);
	for (int m = 0; m < NUM_MODES; m++)
		printf("hmmgpu-verifier-fuzz:   %-13s accepted %lu rejected %lu\n",
		       mode_names[m], st.by_mode[m][0], st.by_mode[m][1]);
	printf("hmmgpu-verifier-fuzz: reasons: image %lu, insn %lu, function %lu, kernel %lu, other %lu; %lu missing, %lu overruns, %lu differing from the engine's\n",
	       st.log_kind[0], st.log_kind[1], st.log_kind[2], st.log_kind[3],
	       st.log_kind[4], st.log_missing, st.log_overrun, st.log_mismatch);
	printf("hmmgpu-verifier-fuzz: against the engine: %lu accepted that it rejects, %lu rejected that it accepts\n",
	       st.unverified, st.driver_only);
	printf("hmmgpu-verifier-fuzz: %lu programs run (%lu failures, %lu children killed by their own program): %lu jobs, %lu refused at submission; fences: ok %lu, timed out %lu, fault %lu, io %lu, nomem %lu, canceled %lu\n",
	       st.runs, st.run_failures, st.child_crashes, st.jobs, st.submit_errors,
	       st.fences[0], st.fences[1], st.fences[2], st.fences[3], st.fences[4],
	       st.fences[5]);

	if (c1.programs_verified - c0.programs_verified != st.accepted ||
	    c1.programs_rejected - c0.programs_rejected != st.rejected ||
	    c1.program_cache_hits != c0.program_cache_hits || st.cached) {
		printf("hmmgpu-verifier-fuzz: FAIL: counters: %llu verified, %llu rejected, %llu cache hits (%lu cached flags)\n",
		       (unsigned long long)(c1.programs_verified - c0.programs_verified),
		       (unsigned long long)(c1.programs_rejected - c0.programs_rejected),
		       (unsigned long long)(c1.program_cache_hits - c0.program_cache_hits),
		       st.cached);
		ok = false;
	}
	if (!sanity(fd)) {
		printf("hmmgpu-verifier-fuzz: FAIL: a known kernel no longer runs correctly\n");
		ok = false;
	}
	if (!ok || st.undocumented || st.log_missing || st.log_overrun ||
	    st.unverified || st.log_mismatch) {
		printf("hmmgpu-verifier-fuzz: FAIL\n");
		return 1;
	}
	printf("hmmgpu-verifier-fuzz: PASS\n");
	return 0;
}
