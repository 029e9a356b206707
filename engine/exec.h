/* SPDX-License-Identifier: MIT */
/*
 * Executor internals shared by exec.c (control flow, integers, memory) and
 * exec_float.c (floating point, conversions, software float helpers).
 * Not part of the engine API; unit tests include it to reach the software
 * float routines.
 */
#ifndef HMM_EXEC_H
#define HMM_EXEC_H

#include "engine/engine.h"

enum hmm_lane_state {
    HMM_LANE_RUNNING = 0,
    HMM_LANE_BARRIER = 1, /* waiting at the BARRIER or GROUP at pc[lane] */
    HMM_LANE_DONE = 2,
};

struct hmm_wave {
    struct hmm_launch launch; /* copy, dimensions past work_dim normalised to 1 */
    const struct hmm_program *prog;
    const struct hmm_kernel *kernel;
    const struct hmm_insn *code;
    uint32_t max_lanes; /* enqueued work-group size */
    uint32_t lanes;     /* this work-group's size (smaller at a non-uniform edge) */
    uint32_t num_regs;
    uint64_t *regs;   /* regs[reg * lanes + lane] */
    uint32_t *pc;     /* per lane; stale for active lanes (cur_pc is theirs) */
    uint8_t *state;   /* enum hmm_lane_state */
    uint8_t *sp;      /* return stack depth */
    uint32_t *stack;  /* [lane * HMM_MAX_CALL_DEPTH + i] */
    uint32_t *lid[3]; /* local id per lane and dimension */
    uint32_t *act;    /* active lanes when !all */
    uint32_t nact;
    int all; /* the active lanes are 0..lanes-1 (fast path: no list) */
    uint32_t cur_pc;
    uint32_t resume; /* first active index to run at cur_pc (resuming a fault) */
    int need_schedule;
    uint32_t nrunning, nbarrier, ndone;
    uint8_t *local;
    uint32_t local_size;
    uint8_t *priv; /* lane's arena at priv + lane * priv_size */
    uint32_t priv_size;
    uint64_t group_id[3];
    uint64_t group_size[3];
    uint64_t num_groups[3];
    enum hmm_status status;
    uint64_t fault_addr;
    int fault_write;
    char error[200];
};

/* Registers of @reg for every lane. */
static inline uint64_t *hmm_reg(struct hmm_wave *w, uint32_t reg)
{
    return w->regs + (size_t)reg * w->lanes;
}

/* Run the body (the variadic part) with `l` bound to each active lane from active index @start on.
 */
#define HMM_FOR_LANES(w, start, ...)                                                               \
    do {                                                                                           \
        const uint32_t n_ = (w)->nact;                                                             \
        if ((w)->all) {                                                                            \
            for (uint32_t l = (start); l < n_; l++) {                                              \
                __VA_ARGS__                                                                        \
            }                                                                                      \
        } else {                                                                                   \
            const uint32_t *act_ = (w)->act;                                                       \
            for (uint32_t i_ = (start); i_ < n_; i_++) {                                           \
                uint32_t l = act_[i_];                                                             \
                __VA_ARGS__                                                                        \
            }                                                                                      \
        }                                                                                          \
    } while (0)

static inline uint64_t hmm_mask(uint32_t bits)
{
    return bits >= 64 ? ~0ull : (1ull << bits) - 1;
}

static inline int64_t hmm_sext(uint64_t x, uint32_t bits)
{
    return (int64_t)(x << (64 - bits)) >> (64 - bits);
}

/* Stop the wave with HMM_TRAP and the message (returns HMM_TRAP). */
enum hmm_status hmm_wave_trap(struct hmm_wave *w, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * exec_group.c: the lanes [lo, hi) of one group, all waiting at GROUP insn
 * @pc, get their results. HMM_YIELD, or HMM_TRAP for a bad broadcast index.
 */
enum hmm_status hmm_exec_group(struct hmm_wave *w, uint32_t pc, uint32_t lo, uint32_t hi);

/* exec_float.c: float ALU ops, CMP and MATH on floats, every CVT. */
void hmm_exec_float(struct hmm_wave *w, const struct hmm_insn *in);
void hmm_exec_cvt(struct hmm_wave *w, const struct hmm_insn *in);

/* Software IEEE routines (no libm, no FPU): bit patterns in, bit patterns out. */
uint64_t hmm_soft_cvt(uint64_t x, uint8_t src, uint8_t dst, uint8_t flags);
uint64_t hmm_soft_fma(uint64_t a, uint64_t b, uint64_t c, uint8_t type);
uint64_t hmm_soft_fmod(uint64_t x, uint64_t y, uint8_t type);

/* a + b, minNum(a, b) or maxNum(a, b) (enum hmm_group_op ADD, MIN, MAX) in F32 or F64. */
uint64_t hmm_float_combine(uint8_t type, uint8_t gop, uint64_t a, uint64_t b);

#endif
