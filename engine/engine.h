/* SPDX-License-Identifier: MIT */
/*
 * The engine's interface: parse and verify a program image, then run its
 * kernels one work-group at a time. One source tree, built into libhmmcl.so
 * (the CPU device) and into hmmgpu.ko (the compute units); it depends only
 * on engine/platform.h.
 *
 * DOC: engine threading
 *
 * A parsed, verified struct hmm_program is immutable and shared by every
 * thread. A struct hmm_wave is one executing work-group and belongs to one
 * thread at a time; a device keeps one per worker and reuses it. Memory the
 * kernel reaches through global/constant/generic addresses is accessed only
 * through struct hmm_mem_ops, so the kernel driver can put its device page
 * table there.
 */
#ifndef HMM_ENGINE_H
#define HMM_ENGINE_H

#include "engine/image.h"
#include "engine/platform.h"

/* Diagnostics: lines appended to a caller-supplied buffer, always NUL-terminated. */
struct hmm_log {
    char *buf;
    size_t size;
    size_t len;
};

void hmm_log_printf(struct hmm_log *log, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* A parsed image: pointers into the caller's buffer, which must outlive it. */
struct hmm_program {
    const struct hmm_image_header *header;
    const struct hmm_insn *code;
    uint32_t num_insns;
    const uint64_t *literals;
    uint32_t num_literals;
    const struct hmm_function *functions;
    uint32_t num_functions;
    const struct hmm_kernel *kernels;
    uint32_t num_kernels;
    const struct hmm_kernel_arg *args;
    uint32_t num_args;
    const uint8_t *data;
    uint32_t data_init_size;
    uint32_t data_size;
    const uint32_t *relocs; /* data offsets of slots the loader adds the segment address to */
    uint32_t num_relocs;
    const char *strings;
    uint32_t strings_size;
    uint32_t num_regs;
};

/*
 * Check the container (magic, version, every section inside the image and
 * aligned, strings terminated) and fill @prog. Returns 0 or -HMM_EINVAL
 * with one line in @log saying why.
 */
int hmm_image_parse(const void *image, size_t size, struct hmm_program *prog, struct hmm_log *log);

/*
 * Prove @prog safe to run (docs/isa.md, "Verifier"): every instruction
 * well-formed, registers and branch targets in range, calls acyclic and no
 * deeper than HMM_MAX_CALL_DEPTH, every function ends in control flow,
 * kernels and arguments consistent. Returns 0 or -HMM_EINVAL with a line
 * "insn N: reason" (or "kernel K: reason") in @log.
 */
int hmm_verify(const struct hmm_program *prog, struct hmm_log *log);

/* The string at @offset of the string section ("" if out of range). */
const char *hmm_program_string(const struct hmm_program *prog, uint32_t offset);

/* Find a kernel by name; returns its index or -1. */
int hmm_program_find_kernel(const struct hmm_program *prog, const char *name);

/*
 * Global memory access. translate() returns a host pointer through which
 * the @size bytes at device address @addr may be accessed (@size <= 8 and
 * the access does not cross a 4 KiB page), or NULL if the address is not
 * accessible: the wave then stops with HMM_FAULT and can be resumed after
 * the fault is resolved (or abandoned).
 *
 * translate may be NULL: device addresses are then host pointers in this
 * address space (the CPU device), accessed directly, and nothing faults.
 */
struct hmm_mem_ops {
    void *(*translate)(void *ctx, uint64_t addr, uint32_t size, int write);
};

struct hmm_launch {
    const struct hmm_program *prog;
    uint32_t kernel;
    uint32_t work_dim;
    uint64_t global_offset[3];
    uint64_t global_size[3];
    uint64_t local_size[3];  /* the enqueued work-group size */
    const uint8_t *args;     /* kernels[kernel].arg_block_size bytes */
    uint64_t data_base;      /* device address of the program's data segment */
    uint32_t local_mem_size; /* static + LOCAL_PTR bytes */
    const struct hmm_mem_ops *mem;
    void *mem_ctx;
};

enum hmm_status {
    HMM_DONE = 0,  /* the work-group finished */
    HMM_YIELD = 1, /* budget used up: call hmm_wave_run again */
    HMM_FAULT = 2, /* translate() failed at hmm_wave_fault_addr(): resolve and rerun, or stop */
    HMM_TRAP = 3,  /* the kernel did something invalid: hmm_wave_error() says what */
};

struct hmm_wave;

/* A wave able to run any work-group of @launch; NULL on allocation failure. */
struct hmm_wave *hmm_wave_create(const struct hmm_launch *launch);
void hmm_wave_destroy(struct hmm_wave *wave);

/* Set up work-group @group_id of the wave's launch (lanes at the entry, arenas zeroed). */
void hmm_wave_start(struct hmm_wave *wave, const uint64_t group_id[3]);

/*
 * Execute until the work-group finishes, faults or traps, or about @budget
 * lane-instructions have run (then HMM_YIELD; the state is kept, so the
 * kernel driver can leave its FPU section, reschedule and continue).
 */
enum hmm_status hmm_wave_run(struct hmm_wave *wave, uint64_t budget);

uint64_t hmm_wave_fault_addr(const struct hmm_wave *wave);
int hmm_wave_fault_write(const struct hmm_wave *wave);
const char *hmm_wave_error(const struct hmm_wave *wave);
/* The instruction the wave stopped at: the faulting or trapping one after HMM_FAULT/HMM_TRAP. */
uint32_t hmm_wave_pc(const struct hmm_wave *wave);

#endif
