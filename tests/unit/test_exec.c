// SPDX-License-Identifier: MIT
/*
 * The executor on hand-built programs: per-type arithmetic edge cases,
 * conversions, float exactness, divergence and reconvergence, barriers with
 * local memory, private and generic memory, traps, fault/resume, calls,
 * yield/resume, non-uniform work-groups.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/builder.h"
#include "engine/engine.h"
#include "engine/exec.h"

static int passed, failed;

#define CHECK(cond, ...)                                                                           \
    do {                                                                                           \
        if (cond) {                                                                                \
            passed++;                                                                              \
        } else {                                                                                   \
            failed++;                                                                              \
            printf("FAIL %s:%d: ", __FILE__, __LINE__);                                            \
            printf(__VA_ARGS__);                                                                   \
            printf("\n");                                                                          \
        }                                                                                          \
    } while (0)

static struct hmm_insn I(uint8_t op, uint8_t type, uint8_t mod, uint8_t flags, uint16_t d,
                         uint16_t a, uint16_t b, uint16_t c, int32_t imm) {
    return (struct hmm_insn){op, type, mod, flags, d, a, b, c, imm};
}

#define E(...) hmm_builder_emit(b, I(__VA_ARGS__))
#define NREGS  32
/* Argument block: four 8-byte scalars/pointers at 0, 8, 16, 24. */
#define ARGS 32

struct prog {
    void *image;
    struct hmm_program p;
};

/* Close the builder's code as function 0 (or the given functions) and kernel "k". */
static int finish(struct hmm_builder *b, struct prog *t, uint32_t local, uint32_t priv,
                  int add_main)
{
    char buf[512] = "";
    struct hmm_log log = {buf, sizeof(buf), 0};
    size_t size;

    if (add_main) {
        struct hmm_function f = {.entry = 0, .end = hmm_builder_here(b), .private_size = priv};
        hmm_builder_function(b, &f);
    }
    struct hmm_kernel k = {.name = hmm_builder_string(b, "k"),
                           .function = 0,
                           .arg_block_size = ARGS,
                           .local_size = local,
                           .private_size = priv};
    hmm_builder_kernel(b, &k);
    hmm_builder_set_num_regs(b, NREGS);
    int err = hmm_builder_finish(b, &t->image, &size);
    hmm_builder_destroy(b);
    if (!err)
        err = hmm_image_parse(t->image, size, &t->p, &log);
    if (!err)
        err = hmm_verify(&t->p, &log);
    if (err)
        printf("verify: %s", buf);
    return err;
}

/* Test memory: identity translation; with fault_once, the first touch of each page fails. */
struct tmem {
    int fault_once;
    uint64_t pages[256];
    int npages;
    int faults;
    int calls;
};

static void *tr(void *ctx, uint64_t addr, uint32_t size, int write)
{
    struct tmem *m = ctx;
    m->calls++;
    if ((addr & 4095) + size > 4096)
        return (void *)0x1; /* contract violation: the test would crash, visibly */
    if (m->fault_once) {
        uint64_t page = addr >> 12;
        for (int i = 0; i < m->npages; i++) {
            if (m->pages[i] == page)
                return (void *)(uintptr_t)addr;
        }
        if (m->npages < 256)
            m->pages[m->npages++] = page;
        m->faults++;
        return NULL;
    }
    return (void *)(uintptr_t)addr;
}

static const struct hmm_mem_ops tmem_ops = {tr};

struct run {
    uint32_t dim;
    uint64_t gsize[3], lsize[3];
    uint64_t args[4];
    uint64_t budget; /* 0: unlimited */
    struct tmem *mem;
    uint32_t local_mem;
    char error[256];
    int yields;
};

static enum hmm_status run(struct prog *t, struct run *r)
{
    struct hmm_launch L = {.prog = &t->p,
                           .kernel = 0,
                           .work_dim = r->dim ? r->dim : 1,
                           .args = (const uint8_t *)r->args,
                           .local_mem_size = r->local_mem,
                           .mem = r->mem ? &tmem_ops : NULL,
                           .mem_ctx = r->mem};
    for (int d = 0; d < 3; d++) {
        L.global_size[d] = r->gsize[d] ? r->gsize[d] : 1;
        L.local_size[d] = r->lsize[d] ? r->lsize[d] : 1;
    }
    struct hmm_wave *w = hmm_wave_create(&L);
    if (!w)
        return HMM_TRAP;
    enum hmm_status st = HMM_DONE;
    uint64_t ng[3];
    for (int d = 0; d < 3; d++)
        ng[d] = (L.global_size[d] + L.local_size[d] - 1) / L.local_size[d];
    for (uint64_t z = 0; z < ng[2] && st == HMM_DONE; z++) {
        for (uint64_t y = 0; y < ng[1] && st == HMM_DONE; y++) {
            for (uint64_t x = 0; x < ng[0] && st == HMM_DONE; x++) {
                uint64_t g[3] = {x, y, z};
                hmm_wave_start(w, g);
                for (;;) {
                    st = hmm_wave_run(w, r->budget ? r->budget : UINT64_MAX);
                    if (st == HMM_YIELD) {
                        r->yields++;
                        continue;
                    }
                    if (st == HMM_FAULT && r->mem && r->mem->fault_once)
                        continue; /* the "driver" resolved it */
                    break;
                }
            }
        }
    }
    snprintf(r->error, sizeof(r->error), "%s", hmm_wave_error(w));
    hmm_wave_destroy(w);
    return st;
}

/* ---- single-op programs: out = x OP y (z) with registers d=4, a=1, b=2, c=3 ---- */

/* Operand fields of @op name which operands it uses (nonzero = used). */
static uint64_t op3(struct hmm_insn op, uint64_t x, uint64_t y, uint64_t z)
{
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    uint64_t out = 0xdeadbeefdeadbeefull;

    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 1, 0, 0, 0, 8);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 2, 0, 0, 0, 16);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 3, 0, 0, 0, 24);
    op.dst = 4;
    op.a = op.a ? 1 : 0;
    op.b = op.b ? 2 : 0;
    op.c = op.c ? 3 : 0;
    hmm_builder_emit(b, op);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 5, 0, 0, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 5, 4, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1))
        return 0xbadbadbadull;
    struct run r = {.args = {(uintptr_t)&out, x, y, z}};
    enum hmm_status st = run(&t, &r);
    if (st != HMM_DONE)
        printf("op3: status %d %s\n", st, r.error);
    free(t.image);
    return out;
}

#define BIN(op, type, mod) I(HMM_OP_##op, HMM_T_##type, mod, 0, 1, 1, 1, 0, 0)
#define UN(op, type, mod)  I(HMM_OP_##op, HMM_T_##type, mod, 0, 1, 1, 0, 0, 0)
#define S                  HMM_SIGNED

static uint64_t fb(float f)
{
    uint32_t u;
    memcpy(&u, &f, 4);
    return u;
}
static uint64_t db(double f)
{
    uint64_t u;
    memcpy(&u, &f, 8);
    return u;
}
static double bd(uint64_t u)
{
    double d;
    memcpy(&d, &u, 8);
    return d;
}
static float bf(uint64_t u)
{
    uint32_t v = (uint32_t)u;
    float f;
    memcpy(&f, &v, 4);
    return f;
}

#define EQ(got, want)                                                                              \
    do {                                                                                           \
        uint64_t g_ = (got), w_ = (want);                                                          \
        CHECK(g_ == w_, "%s = 0x%llx, want 0x%llx", #got, (unsigned long long)g_,                  \
              (unsigned long long)w_);                                                             \
    } while (0)

static void test_int(void)
{
    /* Wraparound and canonical zero-extension. */
    EQ(op3(BIN(ADD, I8, 0), 0xff, 1, 0), 0);
    EQ(op3(BIN(ADD, I16, 0), 0xffff, 2, 0), 1);
    EQ(op3(BIN(SUB, I32, 0), 0, 1, 0), 0xffffffffull);
    EQ(op3(BIN(MUL, I32, 0), 0x10000, 0x10000, 0), 0);
    EQ(op3(BIN(ADD, I64, 0), ~0ull, 2, 0), 1);
    EQ(op3(UN(NEG, I8, 0), 1, 0, 0), 0xff);
    EQ(op3(UN(NOT, I16, 0), 0, 0, 0), 0xffff);
    EQ(op3(BIN(ADD, I32, 0), 0xffffffff00000001ull, 1, 0), 2); /* upper bits ignored */
    /* Division edge cases. */
    EQ(op3(BIN(DIV, I32, S), 7, 0, 0), 0);
    EQ(op3(BIN(DIV, I32, 0), 7, 0, 0), 0);
    EQ(op3(BIN(REM, I32, S), 7, 0, 0), 0);
    EQ(op3(BIN(DIV, I32, S), 0x80000000, 0xffffffff, 0), 0x80000000);
    EQ(op3(BIN(REM, I32, S), 0x80000000, 0xffffffff, 0), 0);
    EQ(op3(BIN(DIV, I64, S), 1ull << 63, ~0ull, 0), 1ull << 63);
    EQ(op3(BIN(REM, I64, S), 1ull << 63, ~0ull, 0), 0);
    EQ(op3(BIN(DIV, I8, S), 0xf9 /* -7 */, 2, 0), 0xfd); /* -3 */
    EQ(op3(BIN(REM, I8, S), 0xf9, 2, 0), 0xff);          /* -1 */
    EQ(op3(BIN(DIV, I8, 0), 0xf9, 2, 0), 0x7c);
    /* Shifts mod width. */
    EQ(op3(BIN(SHL, I32, 0), 1, 33, 0), 2);
    EQ(op3(BIN(SHL, I8, 0), 1, 8, 0), 1);
    EQ(op3(BIN(SHR, I16, S), 0x8000, 15, 0), 0xffff);
    EQ(op3(BIN(SHR, I16, 0), 0x8000, 31, 0), 1);
    EQ(op3(BIN(SHR, I64, S), 1ull << 63, 64 + 63, 0), ~0ull);
    /* Signed compare, min/max, mulhi, abs. */
    EQ(op3(I(HMM_OP_CMP, HMM_T_I32, HMM_CC_LT, 0, 1, 1, 1, 0, 0), 0xffffffff, 0, 0), 1);
    EQ(op3(I(HMM_OP_CMP, HMM_T_I32, HMM_CC_ULT, 0, 1, 1, 1, 0, 0), 0xffffffff, 0, 0), 0);
    EQ(op3(I(HMM_OP_CMP, HMM_T_I8, HMM_CC_GE, 0, 1, 1, 1, 0, 0), 0x7f, 0x80, 0), 1);
    EQ(op3(BIN(MIN, I16, S), 0xffff, 1, 0), 0xffff);
    EQ(op3(BIN(MIN, I16, 0), 0xffff, 1, 0), 1);
    EQ(op3(BIN(MAX, I64, S), ~0ull, 1, 0), 1);
    EQ(op3(BIN(MULHI, I32, 0), 0xffffffff, 0xffffffff, 0), 0xfffffffe);
    EQ(op3(BIN(MULHI, I32, S), 0xffffffff, 0xffffffff, 0), 0);
    EQ(op3(BIN(MULHI, I64, 0), ~0ull, ~0ull, 0), ~0ull - 1);
    EQ(op3(BIN(MULHI, I64, S), 1ull << 63, 2, 0), ~0ull);
    EQ(op3(UN(ABS, I8, S), 0x80, 0, 0), 0x80);
    EQ(op3(UN(ABS, I32, S), 0xfffffffb, 0, 0), 5);
    EQ(op3(UN(CLZ, I16, 0), 1, 0, 0), 15);
    EQ(op3(UN(CLZ, I32, 0), 0, 0, 0), 32);
    EQ(op3(UN(CTZ, I64, 0), 0, 0, 0), 64);
    EQ(op3(UN(CTZ, I8, 0), 0x80, 0, 0), 7);
    EQ(op3(UN(POPCNT, I16, 0), 0x1ffff, 0, 0), 16);
    EQ(op3(I(HMM_OP_SELECT, HMM_T_I64, 0, 0, 1, 1, 1, 1, 0), 2, 10, 20), 10);
    EQ(op3(I(HMM_OP_SELECT, HMM_T_I64, 0, 0, 1, 1, 1, 1, 0), 0, 10, 20), 20);
    EQ(op3(I(HMM_OP_MOVI, HMM_T_I16, 0, 0, 1, 0, 0, 0, -2), 0, 0, 0), 0xfffe);
    EQ(op3(I(HMM_OP_MOVI, HMM_T_I64, 0, 0, 1, 0, 0, 0, -2), 0, 0, 0), ~0ull - 1);
}

#define CVT(dst, src, flags) I(HMM_OP_CVT, HMM_T_##dst, HMM_T_##src, flags, 1, 1, 0, 0, 0)
#define RND(r)               ((HMM_ROUND_##r) << HMM_CVT_ROUND_SHIFT)
#define SS                   HMM_CVT_SRC_SIGNED
#define DS                   HMM_CVT_DST_SIGNED
#define SAT                  HMM_CVT_SAT

static void test_cvt(void)
{
    /* int <-> int */
    EQ(op3(CVT(I64, I8, SS), 0x80, 0, 0), 0xffffffffffffff80ull);
    EQ(op3(CVT(I64, I8, 0), 0x80, 0, 0), 0x80);
    EQ(op3(CVT(I8, I32, 0), 0x1234, 0, 0), 0x34);
    EQ(op3(CVT(I8, I32, SS | DS | SAT), 0xfffff000, 0, 0), 0x80);
    EQ(op3(CVT(I8, I32, SS | SAT), 0xfffff000, 0, 0), 0);
    EQ(op3(CVT(I16, I64, SAT), ~0ull, 0, 0), 0xffff);
    EQ(op3(CVT(I32, I32, SS | SAT), 0x80000000, 0, 0), 0); /* int -> uint sat */
    EQ(op3(CVT(I32, I32, DS | SAT), 0x80000000, 0, 0), 0x7fffffff);
    EQ(op3(CVT(I64, I64, SS | SAT), 1ull << 63, 0, 0), 0);
    /* float -> int: RTZ default, modes, saturation, NaN */
    EQ(op3(CVT(I32, F32, DS), fb(-1.9f), 0, 0), 0xffffffff);
    EQ(op3(CVT(I32, F32, DS | RND(RTN)), fb(-1.5f), 0, 0), 0xfffffffe);
    EQ(op3(CVT(I32, F32, DS | RND(RTP)), fb(1.2f), 0, 0), 2);
    EQ(op3(CVT(I32, F32, DS | RND(RTE)), fb(2.5f), 0, 0), 2);
    EQ(op3(CVT(I32, F32, DS | RND(RTE)), fb(3.5f), 0, 0), 4);
    EQ(op3(CVT(I32, F32, DS | SAT), fb(3e9f), 0, 0), 0x7fffffff);
    EQ(op3(CVT(I32, F32, DS | SAT), fb(-3e9f), 0, 0), 0x80000000);
    EQ(op3(CVT(I32, F32, DS | SAT), fb(NAN), 0, 0), 0);
    EQ(op3(CVT(I32, F64, DS), db(NAN), 0, 0), 0);
    EQ(op3(CVT(I8, F32, SAT), fb(-5.0f), 0, 0), 0);
    EQ(op3(CVT(I8, F32, SAT), fb(300.0f), 0, 0), 255);
    EQ(op3(CVT(I64, F64, 0), db(1e30), 0, 0), ~0ull);
    EQ(op3(CVT(I64, F64, DS | SAT), db(-INFINITY), 0, 0), 1ull << 63);
    EQ(op3(CVT(I64, F64, DS), db(-123456789012.9), 0, 0), (uint64_t)-123456789012ll);
    /* int -> float with rounding modes */
    EQ(op3(CVT(F32, I32, SS), 0xffffffff, 0, 0), fb(-1.0f));
    EQ(op3(CVT(F32, I64, 0), ~0ull, 0, 0), fb(18446744073709551616.0f));
    EQ(op3(CVT(F32, I32, SS | RND(RTZ)), 16777217, 0, 0), fb(16777216.0f));
    EQ(op3(CVT(F32, I32, SS | RND(RTP)), 16777217, 0, 0), fb(16777218.0f));
    EQ(op3(CVT(F32, I32, SS | RND(RTN)), (uint32_t)-16777217, 0, 0), fb(-16777218.0f));
    EQ(op3(CVT(F32, I32, SS), 16777219, 0, 0), fb(16777220.0f));
    EQ(op3(CVT(F64, I64, SS | RND(RTZ)), (1ull << 62) - 1, 0, 0), db(4611686018427387904.0 - 512));
    EQ(op3(CVT(F16, I32, 0), 65520, 0, 0), 0x7c00);         /* rounds to inf */
    EQ(op3(CVT(F16, I32, RND(RTZ)), 65520, 0, 0), 0x7bff);  /* 65504 */
    EQ(op3(CVT(F16, I32, SS), (uint32_t)-3, 0, 0), 0xc200); /* -3.0 */
    /* float <-> float */
    EQ(op3(CVT(F64, F32, 0), fb(0.1f), 0, 0), db((double)0.1f));
    EQ(op3(CVT(F32, F64, 0), db(0.1), 0, 0), fb(0.1f));
    EQ(op3(CVT(F32, F64, RND(RTZ)), db(0.1), 0, 0), 0x3dcccccc);
    EQ(op3(CVT(F32, F64, RND(RTP)), db(1.0 + 1e-12), 0, 0), fb(1.0f) + 1);
    EQ(op3(CVT(F32, F64, RND(RTN)), db(-1.0 - 1e-12), 0, 0), fb(-1.0f) + 1);
    EQ(op3(CVT(F32, F64, RND(RTZ)), db(1e300), 0, 0), 0x7f7fffff);
    EQ(op3(CVT(F32, F64, 0), db(1e300), 0, 0), 0x7f800000);
    EQ(op3(CVT(F32, F64, 0), db(1e-50), 0, 0), 0);
    EQ(op3(CVT(F32, F64, RND(RTP)), db(1e-50), 0, 0), 1); /* smallest subnormal */
    EQ(op3(CVT(F32, F16, 0), 0x3c00, 0, 0), fb(1.0f));
    EQ(op3(CVT(F32, F16, 0), 0x0001, 0, 0), fb(5.9604644775390625e-8f));
    EQ(op3(CVT(F16, F32, 0), fb(1.0f / 3), 0, 0), 0x3555);
    EQ(op3(CVT(F16, F64, 0), db(-0.0), 0, 0), 0x8000);
    EQ(op3(CVT(F16, F32, 0), fb(INFINITY), 0, 0), 0x7c00);
    CHECK((op3(CVT(F16, F32, 0), fb(NAN), 0, 0) & 0x7e00) == 0x7e00, "f16 nan");
}

static void test_float(void)
{
    /* f32 results are exact single precision, upper bits zero. */
    srand(7);
    int bad = 0;
    for (int i = 0; i < 40; i++) {
        float x = (float)rand() / 3.7f - 1e8f, y = (float)rand() / 1e4f + 0.3f;
        bad += op3(BIN(ADD, F32, 0), fb(x), fb(y), 0) != fb(x + y);
        bad += op3(BIN(MUL, F32, 0), fb(x), fb(y), 0) != fb(x * y);
        bad += op3(BIN(DIV, F32, 0), fb(x), fb(y), 0) != fb(x / y);
    }
    CHECK(bad == 0, "f32 exactness: %d mismatches", bad);
    EQ(op3(BIN(ADD, F32, 0), fb(16777216.0f), fb(1.0f), 0), fb(16777216.0f));
    EQ(op3(BIN(ADD, F64, 0), db(0.1), db(0.2), 0), db(0.1 + 0.2));
    EQ(op3(BIN(REM, F64, 0), db(5.5), db(2.0), 0), db(1.5));
    EQ(op3(BIN(REM, F64, 0), db(-5.5), db(2.0), 0), db(-1.5));
    EQ(op3(BIN(REM, F32, 0), fb(1e30f), fb(3.0f), 0), fb(fmodf(1e30f, 3.0f)));
    EQ(op3(BIN(REM, F64, 0), db(1e300), db(1e-300), 0), db(fmod(1e300, 1e-300)));
    CHECK(isnan(bf(op3(BIN(REM, F32, 0), fb(1.0f), fb(0.0f), 0))), "fmod(x, 0) nan");
    EQ(op3(UN(NEG, F32, 0), fb(0.0f), 0, 0), fb(-0.0f));
    EQ(op3(UN(ABS, F64, 0), db(-0.0), 0, 0), 0);
    EQ(op3(BIN(MIN, F32, 0), fb(NAN), fb(2.0f), 0), fb(2.0f));
    EQ(op3(BIN(MAX, F32, 0), fb(1.0f), fb(NAN), 0), fb(1.0f));
    EQ(op3(BIN(MIN, F64, 0), db(0.0), db(-0.0), 0), db(-0.0));
    EQ(op3(BIN(MAX, F64, 0), db(-0.0), db(0.0), 0), db(0.0));
    EQ(op3(I(HMM_OP_CMP, HMM_T_F32, HMM_CC_NE, 0, 1, 1, 1, 0, 0), fb(NAN), fb(1), 0), 0);
    EQ(op3(I(HMM_OP_CMP, HMM_T_F32, HMM_CC_UNE, 0, 1, 1, 1, 0, 0), fb(NAN), fb(1), 0), 1);
    EQ(op3(I(HMM_OP_CMP, HMM_T_F64, HMM_CC_ULT, 0, 1, 1, 1, 0, 0), db(NAN), db(1), 0), 1);
    EQ(op3(I(HMM_OP_CMP, HMM_T_F64, HMM_CC_LT, 0, 1, 1, 1, 0, 0), db(NAN), db(1), 0), 0);
    EQ(op3(I(HMM_OP_CMP, HMM_T_F64, HMM_CC_UNO, 0, 1, 1, 1, 0, 0), db(NAN), db(1), 0), 1);
    EQ(op3(I(HMM_OP_CMP, HMM_T_F64, HMM_CC_ORD, 0, 1, 1, 1, 0, 0), db(2), db(1), 0), 1);
    /* MATH */
#define M(fn, type) I(HMM_OP_MATH, HMM_T_##type, 0, 0, 1, 1, 0, 0, HMM_MATH_##fn)
    struct hmm_insn fma32 = I(HMM_OP_MATH, HMM_T_F32, 0, 0, 1, 1, 1, 1, HMM_MATH_FMA);
    struct hmm_insn fma64 = I(HMM_OP_MATH, HMM_T_F64, 0, 0, 1, 1, 1, 1, HMM_MATH_FMA);
    float a = 1.0f + 0x1p-23f, c = -(1.0f + 0x1p-22f);
    EQ(op3(fma32, fb(a), fb(a), fb(c)), fb(0x1p-46f)); /* unfused gives 0 */
    double ad = 1.0 + 0x1p-52, cd = -(1.0 + 0x1p-51);
    EQ(op3(fma64, db(ad), db(ad), db(cd)), db(0x1p-104));
    EQ(op3(M(SQRT, F32), fb(2.0f), 0, 0), fb(sqrtf(2.0f)));
    EQ(op3(M(SQRT, F64), db(2.0), 0, 0), db(sqrt(2.0)));
    double vals[] = {
        -2.5,  -1.5,     -0.5, -0.3, -0.0, 0.0, 0.3, 0.5, 1.5, 2.5, 3.7, -3.7, 4503599627370497.0,
        1e300, -INFINITY};
    bad = 0;
    for (unsigned i = 0; i < sizeof(vals) / sizeof(vals[0]); i++) {
        double v = vals[i];
        float f = (float)v;
        bad += op3(M(FLOOR, F64), db(v), 0, 0) != db(floor(v));
        bad += op3(M(CEIL, F64), db(v), 0, 0) != db(ceil(v));
        bad += op3(M(TRUNC, F64), db(v), 0, 0) != db(trunc(v));
        bad += op3(M(RINT, F64), db(v), 0, 0) != db(rint(v));
        bad += op3(M(ROUND, F64), db(v), 0, 0) != db(round(v));
        bad += op3(M(FLOOR, F32), fb(f), 0, 0) != fb(floorf(f));
        bad += op3(M(CEIL, F32), fb(f), 0, 0) != fb(ceilf(f));
        bad += op3(M(RINT, F32), fb(f), 0, 0) != fb(rintf(f));
        bad += op3(M(ROUND, F32), fb(f), 0, 0) != fb(roundf(f));
    }
    CHECK(bad == 0, "floor/ceil/trunc/rint/round: %d mismatches", bad);
    EQ(op3(I(HMM_OP_MATH, HMM_T_F32, 0, 0, 1, 1, 1, 0, HMM_MATH_COPYSIGN), fb(2.0f), fb(-0.0f), 0),
       fb(-2.0f));
}

/* The software routines the kernel build uses, against the host's libm. */
static uint64_t rnd64(void)
{
    return ((uint64_t)rand() << 42) ^ ((uint64_t)rand() << 21) ^ (uint64_t)rand();
}

static void test_soft_float(void)
{
    int bad = 0;
    srand(11);
    for (int i = 0; i < 200000; i++) {
        uint64_t x = rnd64(), y = rnd64(), z = rnd64();
        if (i & 1) { /* nearby exponents, so cancellation happens */
            y = (y & ~(0x7ffull << 52)) | (x & (0x7ffull << 52));
            z = (z & ~(0x7ffull << 52)) | (((x >> 52) & 0x7ff) + ((y >> 52) & 0x7ff) - 1023) % 2048
                                              << 52;
        }
        double dx, dy, dz;
        memcpy(&dx, &x, 8);
        memcpy(&dy, &y, 8);
        memcpy(&dz, &z, 8);
        double r = fma(dx, dy, dz);
        uint64_t s = hmm_soft_fma(x, y, z, HMM_T_F64);
        if (!(isnan(r) && isnan(bd(s))) && s != db(r)) {
            if (bad++ < 3)
                printf("fma64 %a %a %a = %a, soft %llx\n", dx, dy, dz, r, (unsigned long long)s);
        }
        float fx = bf(x), fy = bf(y >> 32), fz = bf(z);
        float fr = fmaf(fx, fy, fz);
        uint64_t fs = hmm_soft_fma(fb(fx), fb(fy), fb(fz), HMM_T_F32);
        if (!(isnan(fr) && isnan(bf(fs))) && fs != fb(fr)) {
            if (bad++ < 3)
                printf("fma32 %a %a %a = %a, soft %llx\n", fx, fy, fz, fr, (unsigned long long)fs);
        }
        if (i % 16 == 0) {
            double m = fmod(dx, dy);
            uint64_t ms = hmm_soft_fmod(x, y, HMM_T_F64);
            if (!(isnan(m) && isnan(bd(ms))) && ms != db(m))
                bad++;
        }
        /* Conversions against the host casts (round to nearest). */
        if ((float)dx != bf(hmm_soft_cvt(x, HMM_T_F64, HMM_T_F32, 0)) && !isnan(dx))
            bad++;
        if ((float)(int64_t)x != bf(hmm_soft_cvt(x, HMM_T_I64, HMM_T_F32, SS)))
            bad++;
        if ((double)x != bd(hmm_soft_cvt(x, HMM_T_I64, HMM_T_F64, 0)))
            bad++;
    }
    CHECK(bad == 0, "soft fma/fmod/cvt vs libm: %d mismatches", bad);
}

/* ---- programs over many lanes ---- */

static void test_divergence(void)
{
    /* out[gid] = (gid odd ? gid * 3 : gid + 100) + sum(0..gid-1); then a barrier. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);    /* 0 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 1);                 /* 1 */
    E(HMM_OP_AND, HMM_T_I64, 0, 0, 3, 1, 2, 0, 0);                  /* 2 */
    E(HMM_OP_BRC, 0, 0, 0, 0, 3, 0, 0, 7);                          /* 3 odd -> 7 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 4, 0, 0, 0, 100);               /* 4 */
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 5, 1, 4, 0, 0);                  /* 5 */
    E(HMM_OP_BR, 0, 0, 0, 0, 0, 0, 0, 9);                           /* 6 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 4, 0, 0, 0, 3);                 /* 7 */
    E(HMM_OP_MUL, HMM_T_I64, 0, 0, 5, 1, 4, 0, 0);                  /* 8 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 6, 0, 0, 0, 0);                 /* 9: i = 0 */
    E(HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 7, 6, 1, 0, 0);         /* 10: loop: i < gid */
    E(HMM_OP_CMP, HMM_T_I64, HMM_CC_EQ, 0, 7, 7, 0 /*r0=0*/, 0, 0); /* 11: !cond */
    E(HMM_OP_BRC, 0, 0, 0, 0, 7, 0, 0, 16);                         /* 12 */
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 5, 5, 6, 0, 0);                  /* 13 */
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 6, 6, 2, 0, 0);                  /* 14 */
    E(HMM_OP_BR, 0, 0, 0, 0, 0, 0, 0, 10);                          /* 15 */
    E(HMM_OP_BARRIER, 0, 0, 1 << HMM_SPACE_GLOBAL, 0, 0, 0, 0, HMM_ORDER_SEQ_CST | (2 << 4));
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 8, 0, 0, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 9, 0, 0, 0, 3);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 10, 1, 9, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 10, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 8, 5, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1)) {
        CHECK(0, "divergence program");
        return;
    }
    uint64_t want[64], out[64];
    for (uint64_t g = 0; g < 64; g++)
        want[g] = (g & 1 ? g * 3 : g + 100) + g * (g - 1) / 2;
    uint64_t budgets[] = {0, 1, 3, 7, 100};
    for (unsigned i = 0; i < 5; i++) {
        memset(out, 0, sizeof(out));
        /* r0 must be 0 for the loop's compare: registers are zero at creation only. */
        struct run r = {
            .gsize = {64}, .lsize = {16}, .args = {(uintptr_t)out}, .budget = budgets[i]};
        enum hmm_status st = run(&t, &r);
        CHECK(st == HMM_DONE && !memcmp(out, want, sizeof(out)),
              "divergence, budget %llu: status %d %s", (unsigned long long)budgets[i], st, r.error);
        if (budgets[i] == 1)
            CHECK(r.yields > 100, "budget 1 yields often (%d)", r.yields);
    }
    free(t.image);
}

static void test_local_reverse(void)
{
    /* local[lid] = in[gid]; barrier; out[gid] = local[lsize - 1 - lid]. args: out, in. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 2, 0, 0, 0, HMM_WI_LOCAL_ID);
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 3, 0, 0, 0, HMM_WI_LOCAL_SIZE);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 4, 0, 0, 0, 2);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 5, 1, 4, 0, 0); /* gid * 4 */
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 6, 2, 4, 0, 0); /* lid * 4 */
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 7, 0, 0, 0, 8);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 7, 7, 5, 0, 0);
    E(HMM_OP_LD, HMM_T_I32, HMM_SPACE_GLOBAL, 0, 8, 7, 0, 0, 0);
    E(HMM_OP_LOCAL_ADDR, HMM_T_I64, 0, 0, 9, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 10, 9, 6, 0, 0);
    E(HMM_OP_ST, HMM_T_I32, HMM_SPACE_LOCAL, 0, 0, 10, 8, 0, 0);
    E(HMM_OP_BARRIER, 0, 0, 1 << HMM_SPACE_LOCAL, 0, 0, 0, 0, HMM_ORDER_SEQ_CST | (2 << 4));
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 11, 0, 0, 0, 1);
    E(HMM_OP_SUB, HMM_T_I64, 0, 0, 12, 3, 11, 0, 0);
    E(HMM_OP_SUB, HMM_T_I64, 0, 0, 12, 12, 2, 0, 0);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 12, 12, 4, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 12, 9, 12, 0, 0);
    E(HMM_OP_LD, HMM_T_I32, HMM_SPACE_GENERIC, 0, 13, 12, 0, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 14, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 14, 14, 5, 0, 0);
    E(HMM_OP_ST, HMM_T_I32, HMM_SPACE_GLOBAL, 0, 0, 14, 13, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 256, 0, 1)) {
        CHECK(0, "reverse program");
        return;
    }
    uint32_t in[50], out[50];
    for (int i = 0; i < 50; i++)
        in[i] = (uint32_t)i * 7 + 1;
    /* Non-uniform: 50 = 3 * 16 + 2; the last group reverses 2 elements. */
    struct run r = {.gsize = {50}, .lsize = {16}, .args = {(uintptr_t)out, (uintptr_t)in}};
    enum hmm_status st = run(&t, &r);
    int ok = st == HMM_DONE;
    for (int g = 0; g < 50 && ok; g++) {
        int base = g / 16 * 16, size = base == 48 ? 2 : 16;
        ok = out[g] == in[base + size - 1 - (g - base)];
    }
    CHECK(ok, "local reversal with non-uniform last group: %d %s", st, r.error);
    /* The same with translate and faults on every page. */
    struct tmem m = {.fault_once = 1};
    memset(out, 0, sizeof(out));
    r = (struct run){
        .gsize = {50}, .lsize = {16}, .args = {(uintptr_t)out, (uintptr_t)in}, .mem = &m};
    st = run(&t, &r);
    ok = st == HMM_DONE && m.faults >= 1;
    for (int g = 0; g < 50 && ok; g++) {
        int base = g / 16 * 16, size = base == 48 ? 2 : 16;
        ok = out[g] == in[base + size - 1 - (g - base)];
    }
    CHECK(ok, "reversal through faulting translate: %d faults %d", st, m.faults);
    free(t.image);
}

static void test_wi_nonuniform(void)
{
    /* out[gid] = local_size | enqueued << 8 | num_groups << 16 | group << 24 | lin << 32, 2D. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_LINEAR_ID);
    E(HMM_OP_WI, HMM_T_I64, 1, 0, 2, 0, 0, 0, HMM_WI_LOCAL_SIZE);
    E(HMM_OP_WI, HMM_T_I64, 1, 0, 3, 0, 0, 0, HMM_WI_ENQUEUED_LOCAL_SIZE);
    E(HMM_OP_WI, HMM_T_I64, 1, 0, 4, 0, 0, 0, HMM_WI_NUM_GROUPS);
    E(HMM_OP_WI, HMM_T_I64, 1, 0, 5, 0, 0, 0, HMM_WI_GROUP_ID);
    E(HMM_OP_WI, HMM_T_I32, 0, 0, 6, 0, 0, 0, HMM_WI_LOCAL_LINEAR_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 7, 0, 0, 0, 8);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 3, 3, 7, 0, 0);
    E(HMM_OP_OR, HMM_T_I64, 0, 0, 2, 2, 3, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 7, 0, 0, 0, 16);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 4, 4, 7, 0, 0);
    E(HMM_OP_OR, HMM_T_I64, 0, 0, 2, 2, 4, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 7, 0, 0, 0, 24);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 5, 5, 7, 0, 0);
    E(HMM_OP_OR, HMM_T_I64, 0, 0, 2, 2, 5, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 7, 0, 0, 0, 32);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 6, 6, 7, 0, 0);
    E(HMM_OP_OR, HMM_T_I64, 0, 0, 2, 2, 6, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 7, 0, 0, 0, 3);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 1, 1, 7, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 8, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 1, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 8, 2, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1)) {
        CHECK(0, "wi program");
        return;
    }
    uint64_t out[4 * 7];
    struct run r = {.dim = 2, .gsize = {4, 7}, .lsize = {2, 3}, .args = {(uintptr_t)out}};
    enum hmm_status st = run(&t, &r);
    int ok = st == HMM_DONE;
    for (uint64_t y = 0; y < 7 && ok; y++) {
        for (uint64_t x = 0; x < 4 && ok; x++) {
            uint64_t gy = y / 3, ly = y % 3, size = gy == 2 ? 1 : 3;
            uint64_t lin = ly * 2 + x % 2;
            uint64_t want = size | 3 << 8 | 3 << 16 | gy << 24 | lin << 32;
            ok = out[y * 4 + x] == want;
            if (!ok)
                printf("(%llu,%llu) = %llx want %llx\n", (unsigned long long)x,
                       (unsigned long long)y, (unsigned long long)out[y * 4 + x],
                       (unsigned long long)want);
        }
    }
    CHECK(ok, "work-item queries, non-uniform 2D: %d %s", st, r.error);
    free(t.image);
}

static void test_private_generic(void)
{
    /* priv[i] = gid * i for i < 4 (generic stores), sum them back (private loads),
     * plus a generic store to global: out[gid] = sum. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);
    E(HMM_OP_PRIVATE_ADDR, HMM_T_I64, 0, 0, 2, 0, 0, 0, 8);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 3, 0, 0, 0, 0); /* i */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 4, 0, 0, 0, 1);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 5, 0, 0, 0, 4);
    /* 5: loop */
    E(HMM_OP_MUL, HMM_T_I64, 0, 0, 6, 1, 3, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GENERIC, 0, 0, 2, 6, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 2, 2, 5, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 2, 2, 5, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 3, 3, 4, 0, 0);
    E(HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 7, 3, 5, 0, 0);
    E(HMM_OP_BRC, 0, 0, 0, 0, 7, 0, 0, 5);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_PRIVATE, 0, 8, 2, 0, 0, -8);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_PRIVATE, 0, 9, 2, 0, 0, -16);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 9, 0, 0);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_GENERIC, 0, 9, 2, 0, 0, -24);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 9, 0, 0);
    E(HMM_OP_SPACE_OF, HMM_T_I32, 0, 0, 10, 2, 0, 0, 0);
    E(HMM_OP_MUL, HMM_T_I64, 0, 0, 10, 10, 5, 0, 0); /* space 3 -> * 4 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 11, 0, 0, 0, 3);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 12, 1, 11, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 13, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 13, 13, 12, 0, 0);
    E(HMM_OP_SPACE_OF, HMM_T_I32, 0, 0, 14, 13, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 14, 0, 0); /* + 0 for global */
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 10, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GENERIC, 0, 0, 13, 8, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 40, 1)) {
        CHECK(0, "private program");
        return;
    }
    uint64_t out[24];
    struct run r = {.gsize = {24}, .lsize = {8}, .args = {(uintptr_t)out}};
    enum hmm_status st = run(&t, &r);
    int ok = st == HMM_DONE;
    for (uint64_t g = 0; g < 24 && ok; g++)
        ok = out[g] == g * 3 + g * 2 + g * 1 + 12;
    CHECK(ok, "private arrays and generic pointers: %d %s", st, r.error);
    free(t.image);
}

static enum hmm_status run_small(void (*gen)(struct hmm_builder *b), uint32_t local, uint32_t priv,
                                 uint64_t lanes, char *err, size_t errsize)
{
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    gen(b);
    if (finish(b, &t, local, priv, 1))
        return (enum hmm_status) - 1;
    uint64_t sink[64];
    struct run r = {.gsize = {lanes}, .lsize = {lanes}, .args = {(uintptr_t)sink}};
    enum hmm_status st = run(&t, &r);
    snprintf(err, errsize, "%s", r.error);
    free(t.image);
    return st;
}

static void g_local_oob(struct hmm_builder *b)
{
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_LOCAL_ID);
    E(HMM_OP_LOCAL_ADDR, HMM_T_I64, 0, 0, 2, 0, 0, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 3, 0, 0, 0, 4);
    E(HMM_OP_MUL, HMM_T_I64, 0, 0, 1, 1, 3, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 2, 2, 1, 0, 0);
    E(HMM_OP_ST, HMM_T_I32, HMM_SPACE_LOCAL, 0, 0, 2, 1, 0, 0); /* lane 4 writes [16, 20) */
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_private_oob(struct hmm_builder *b)
{
    E(HMM_OP_PRIVATE_ADDR, HMM_T_I64, 0, 0, 2, 0, 0, 0, 0);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_PRIVATE, 0, 1, 2, 0, 0, 12);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_null_local(struct hmm_builder *b)
{
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_LOCAL, 0, 1, 0, 0, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_tagged_global(struct hmm_builder *b)
{
    E(HMM_OP_LOCAL_ADDR, HMM_T_I64, 0, 0, 2, 0, 0, 0, 0);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 1, 2, 0, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_barrier_divergence(struct hmm_builder *b)
{
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_LOCAL_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 2);
    E(HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 3, 1, 2, 0, 0);
    E(HMM_OP_BRC, 0, 0, 0, 0, 3, 0, 0, 5);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    E(HMM_OP_BARRIER, 0, 0, 0, 0, 0, 0, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_two_barriers(struct hmm_builder *b)
{
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_LOCAL_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 2);
    E(HMM_OP_CMP, HMM_T_I64, HMM_CC_ULT, 0, 3, 1, 2, 0, 0);
    E(HMM_OP_BRC, 0, 0, 0, 0, 3, 0, 0, 6);
    E(HMM_OP_BARRIER, 0, 0, 0, 0, 0, 0, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    E(HMM_OP_BARRIER, 0, 0, 0, 0, 0, 0, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void g_trap(struct hmm_builder *b)
{
    E(HMM_OP_TRAP, 0, 0, 0, 0, 0, 0, 0, 42);
}

static void g_misaligned_atomic(struct hmm_builder *b)
{
    E(HMM_OP_LOCAL_ADDR, HMM_T_I64, 0, 0, 2, 0, 0, 0, 2);
    E(HMM_OP_ATOMIC, HMM_T_I32, HMM_SPACE_LOCAL, HMM_ATOMIC_ADD, 1, 2, 2, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
}

static void test_traps(void)
{
    char err[256];
    enum hmm_status st;
    st = run_small(g_local_oob, 16, 0, 8, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "local access out of bounds at insn 5"), "local oob: %s",
          err);
    st = run_small(g_private_oob, 0, 16, 4, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "private access out of bounds at insn 1"),
          "private oob: %s", err);
    st = run_small(g_null_local, 16, 0, 4, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "local access to non-local address 0x0"), "null local: %s",
          err);
    st = run_small(g_tagged_global, 16, 0, 4, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "global access to tagged address"), "tagged global: %s",
          err);
    st = run_small(g_barrier_divergence, 0, 0, 8, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "barrier divergence: 2 work-items wait"),
          "barrier divergence: %s", err);
    st = run_small(g_two_barriers, 0, 0, 8, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "different barriers"), "two barriers: %s", err);
    st = run_small(g_trap, 0, 0, 8, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "trap at insn 0 (code 42)"), "trap: %s", err);
    st = run_small(g_misaligned_atomic, 16, 0, 2, err, sizeof(err));
    CHECK(st == HMM_TRAP && strstr(err, "misaligned atomic"), "misaligned atomic: %s", err);
}

static void test_fault_resume(void)
{
    /* Each lane: atomic add 1 to a counter at gid * 4096 + 64 (one page per lane), then a plain
     * store of gid + 1 straddling a page boundary at page_end(gid) - 3. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 12);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 3, 1, 2, 0, 0); /* gid * 4096 */
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 4, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 4, 4, 3, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 5, 0, 0, 0, 1);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 13, 0, 0, 0, 64);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 13, 13, 4, 0, 0);
    E(HMM_OP_ATOMIC, HMM_T_I64, HMM_SPACE_GLOBAL, HMM_ATOMIC_ADD, 6, 13, 5, 0,
      HMM_ORDER_RELAXED | (HMM_SCOPE_ALL_SVM_DEVICES << 4));
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 7, 1, 5, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 4, 7, 0, 4096 - 3);
    E(HMM_OP_LD, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 8, 4, 0, 0, 4096 - 3);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 4, 8, 0, 8);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1)) {
        CHECK(0, "fault program");
        return;
    }
    enum { N = 24 };
    uint8_t *mem = aligned_alloc(4096, (N + 1) * 4096);
    memset(mem, 0, (N + 1) * 4096);
    struct tmem m = {.fault_once = 1};
    struct run r = {.gsize = {N}, .lsize = {8}, .args = {(uintptr_t)mem}, .mem = &m, .budget = 5};
    enum hmm_status st = run(&t, &r);
    int ok = st == HMM_DONE && m.faults == N + 1;
    for (uint64_t g = 0; g < N && ok; g++) {
        uint64_t cnt, v, copy;
        memcpy(&cnt, mem + g * 4096 + 64, 8);
        memcpy(&v, mem + g * 4096 + 4093, 8);
        memcpy(&copy, mem + g * 4096 + 8, 8);
        ok = cnt == 1 && v == g + 1 && copy == g + 1;
        if (!ok)
            printf("lane %llu: count %llu value %llu copy %llu\n", (unsigned long long)g,
                   (unsigned long long)cnt, (unsigned long long)v, (unsigned long long)copy);
    }
    CHECK(ok, "fault/resume: %d, %d faults, exact atomics: %s", st, m.faults, r.error);
    free(mem);
    free(t.image);
}

static void test_calls(void)
{
    /* kernel: x = gid; even lanes x = f(x); x = g(x); out[gid] = x.
     * f: x * 2 + 1.  g: f(x) + 1000 (a nested call). Registers are global. */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);  /* 0 */
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 10, 0, 0, 0, HMM_WI_GLOBAL_ID); /* 1 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 9, 0, 0, 0, 1);               /* 2 */
    E(HMM_OP_AND, HMM_T_I64, 0, 0, 12, 1, 9, 0, 0);               /* 3 */
    E(HMM_OP_BRC, 0, 0, 0, 0, 12, 0, 0, 7);                       /* 4: odd lanes skip f */
    E(HMM_OP_CALL, 0, 0, 0, 0, 0, 0, 0, 1);                       /* 5 */
    E(HMM_OP_BR, 0, 0, 0, 0, 0, 0, 0, 7);                         /* 6 */
    E(HMM_OP_CALL, 0, 0, 0, 0, 0, 0, 0, 2);                       /* 7 */
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 3);               /* 8 */
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 3, 10, 2, 0, 0);               /* 9 */
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 4, 0, 0, 0, 0);              /* 10 */
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 4, 4, 3, 0, 0);                /* 11 */
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 4, 1, 0, 0);  /* 12 */
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);                        /* 13 */
    uint32_t f = hmm_builder_here(b);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 1, 1, 1, 0, 0);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 5, 0, 0, 0, 1);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 1, 1, 5, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    uint32_t g = hmm_builder_here(b);
    E(HMM_OP_CALL, 0, 0, 0, 0, 0, 0, 0, 1);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 6, 0, 0, 0, 1000);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 1, 1, 6, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    uint32_t end = hmm_builder_here(b);
    struct hmm_function fk = {.entry = 0, .end = f}, ff = {.entry = f, .end = g},
                        fg = {.entry = g, .end = end};
    hmm_builder_function(b, &fk);
    hmm_builder_function(b, &ff);
    hmm_builder_function(b, &fg);
    if (finish(b, &t, 0, 0, 0)) {
        CHECK(0, "call program");
        return;
    }
    uint64_t budgets[] = {0, 2};
    for (int k = 0; k < 2; k++) {
        uint64_t out[32];
        memset(out, 0, sizeof(out));
        struct run r = {
            .gsize = {32}, .lsize = {32}, .args = {(uintptr_t)out}, .budget = budgets[k]};
        enum hmm_status st = run(&t, &r);
        int ok = st == HMM_DONE;
        for (uint64_t i = 0; i < 32 && ok; i++) {
            uint64_t x = i;
            if (!(i & 1))
                x = x * 2 + 1;
            x = (x * 2 + 1) + 1000;
            ok = out[i] == x;
            if (!ok)
                printf("calls: out[%llu] = %llu, want %llu\n", (unsigned long long)i,
                       (unsigned long long)out[i], (unsigned long long)x);
        }
        CHECK(ok, "calls, divergent call sites, nested calls (budget %llu): %d %s",
              (unsigned long long)budgets[k], st, r.error);
    }
    free(t.image);
}

/* ---- collectives ---- */

/*
 * out[gid] = GROUP @g of in[gid] (8-byte slots, value loaded as @g.type), broadcast index in
 * args[2]; optionally only lanes whose local linear id is >= @only_from run it (others store
 * their input).
 */
static enum hmm_status group_run(struct hmm_insn g, const uint64_t *in, uint64_t *out, uint64_t n,
                                 uint64_t lsize, uint64_t bcast, uint32_t only_from, char *err)
{
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 1, 0, 0, 0, HMM_WI_GLOBAL_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 2, 0, 0, 0, 3);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 3, 1, 2, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 4, 0, 0, 0, 8);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 4, 4, 3, 0, 0);
    E(HMM_OP_LD, g.type == HMM_T_F32 ? HMM_T_I32 : g.type, HMM_SPACE_GLOBAL, 0, 5, 4, 0, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 6, 0, 0, 0, 16);
    E(HMM_OP_MOV, HMM_T_I64, 0, 0, 7, 5, 0, 0, 0);
    E(HMM_OP_WI, HMM_T_I32, 0, 0, 9, 0, 0, 0, HMM_WI_LOCAL_LINEAR_ID);
    E(HMM_OP_MOVI, HMM_T_I32, 0, 0, 10, 0, 0, 0, (int32_t)only_from);
    E(HMM_OP_CMP, HMM_T_I32, HMM_CC_ULT, 0, 11, 9, 10, 0, 0);
    E(HMM_OP_BRC, 0, 0, 0, 0, 11, 0, 0, 13);
    g.dst = 7;
    g.a = 5;
    g.b = g.flags == HMM_GROUP_BROADCAST ? 6 : 0;
    hmm_builder_emit(b, g); /* insn 12 */
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 8, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 8, 8, 3, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 8, 7, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1))
        return (enum hmm_status) - 1;
    struct run r = {.gsize = {n},
                    .lsize = {lsize},
                    .args = {(uintptr_t)out, (uintptr_t)in, bcast},
                    .budget = 7};
    enum hmm_status st = run(&t, &r);
    snprintf(err, 256, "%s", r.error);
    free(t.image);
    return st;
}

static uint64_t ref_comb(uint8_t type, uint8_t op, int sgn, uint64_t a, uint64_t b)
{
    uint32_t bits = type == HMM_T_I8 ? 8 : type == HMM_T_I32 || type == HMM_T_F32 ? 32 : 64;
    uint64_t m = bits == 64 ? ~0ull : (1ull << bits) - 1;
    if (type == HMM_T_F32) {
        float x = bf(a), y = bf(b);
        return fb(op == HMM_GROUP_ADD ? x + y : op == HMM_GROUP_MIN ? fminf(x, y) : fmaxf(x, y));
    }
    if (type == HMM_T_F64) {
        double x = bd(a), y = bd(b);
        return db(op == HMM_GROUP_ADD ? x + y : op == HMM_GROUP_MIN ? fmin(x, y) : fmax(x, y));
    }
    if (op == HMM_GROUP_ADD)
        return (a + b) & m;
    int64_t sa = hmm_sext(a, bits), sb = hmm_sext(b, bits);
    int lt = sgn ? sa < sb : (a & m) < (b & m);
    return ((op == HMM_GROUP_MIN) == lt ? a : b) & m;
}

struct gcase {
    const char *name;
    struct hmm_insn g;
    uint64_t ident; /* exclusive scan's first value */
};

static void test_group(void)
{
    enum { N = 75, L = 40 };
    uint64_t in[N], out[N];
    char err[256];
    const struct gcase cases[] = {
        {"i32 smin exclusive",
         I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_MIN, 0, 0, 0, 0,
           HMM_GROUP_EXCLUSIVE | HMM_GROUP_SIGNED),
         0x7fffffff},
        {"i32 umax inclusive", I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_MAX, 0, 0, 0, 0, 1), 0},
        {"i32 smax exclusive",
         I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_MAX, 0, 0, 0, 0,
           HMM_GROUP_EXCLUSIVE | HMM_GROUP_SIGNED),
         0x80000000},
        {"i64 add reduce", I(HMM_OP_GROUP, HMM_T_I64, 0, HMM_GROUP_ADD, 0, 0, 0, 0, 0), 0},
        {"i64 add exclusive", I(HMM_OP_GROUP, HMM_T_I64, 1, HMM_GROUP_ADD, 0, 0, 0, 0, 2), 0},
        {"i8 smax reduce (sub-group)",
         I(HMM_OP_GROUP, HMM_T_I8, 1, HMM_GROUP_MAX, 0, 0, 0, 0, HMM_GROUP_SIGNED), 0},
        {"u64 min exclusive (sub-group)",
         I(HMM_OP_GROUP, HMM_T_I64, 1, HMM_GROUP_MIN, 0, 0, 0, 0, 2), ~0ull},
        {"f32 add inclusive", I(HMM_OP_GROUP, HMM_T_F32, 0, HMM_GROUP_ADD, 0, 0, 0, 0, 1), 0},
        {"f32 min exclusive", I(HMM_OP_GROUP, HMM_T_F32, 0, HMM_GROUP_MIN, 0, 0, 0, 0, 2),
         0x7f800000},
        {"f64 max exclusive (sub-group)",
         I(HMM_OP_GROUP, HMM_T_F64, 1, HMM_GROUP_MAX, 0, 0, 0, 0, 2), 0xfff0000000000000ull},
        {"f64 add reduce", I(HMM_OP_GROUP, HMM_T_F64, 0, HMM_GROUP_ADD, 0, 0, 0, 0, 0), 0},
    };
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        const struct gcase *gc = &cases[c];
        uint8_t type = gc->g.type, op = gc->g.flags;
        int kind = gc->g.imm & 0xf, sgn = (gc->g.imm & HMM_GROUP_SIGNED) != 0;
        for (int i = 0; i < N; i++) {
            int64_t v = (int64_t)((i * 2654435761u) % 1001) - 500;
            if (type == HMM_T_F32)
                in[i] = fb(i % 9 == 4 ? NAN : i == 7 ? 1e8f : i == 9 ? -1e8f : (float)v);
            else if (type == HMM_T_F64)
                in[i] = db(i % 11 == 3 ? NAN : i == 1 ? -0.0 : (double)v * 1e-3);
            else if (type == HMM_T_I8)
                in[i] = (uint64_t)v & 0xff;
            else if (type == HMM_T_I32)
                in[i] = (uint64_t)(v * 4000000) & 0xffffffffu;
            else
                in[i] = (uint64_t)v * 0x123456789ull;
        }
        memset(out, 0, sizeof(out));
        enum hmm_status st = group_run(gc->g, in, out, N, L, 0, 0, err);
        int bad = st != HMM_DONE;
        uint32_t set = gc->g.mod == HMM_EXEC_SUB_GROUP ? HMM_SUB_GROUP_SIZE : L;
        for (uint32_t lo = 0; lo < N && !bad; lo += set) {
            /* Sets never straddle a work-group: L is a multiple of nothing special, so clip. */
            uint32_t wg_end = (lo / L + 1) * L < N ? (lo / L + 1) * L : N;
            uint32_t hi = lo + set < wg_end ? lo + set : wg_end;
            uint64_t acc = in[lo], red = in[lo];
            for (uint32_t i = lo + 1; i < hi; i++)
                red = ref_comb(type, op, sgn, red, in[i]);
            for (uint32_t i = lo; i < hi && !bad; i++) {
                uint64_t want;
                if (kind == HMM_GROUP_REDUCE) {
                    want = red;
                } else if (kind == HMM_GROUP_INCLUSIVE) {
                    if (i > lo)
                        acc = ref_comb(type, op, sgn, acc, in[i]);
                    want = acc;
                } else {
                    want = i == lo ? gc->ident : acc;
                    if (i > lo)
                        acc = ref_comb(type, op, sgn, acc, in[i]);
                }
                bad = out[i] != want;
                if (bad)
                    printf("%s: lane %u of [%u, %u): 0x%llx, want 0x%llx\n", gc->name, i, lo, hi,
                           (unsigned long long)out[i], (unsigned long long)want);
            }
            if (gc->g.mod == HMM_EXEC_SUB_GROUP && hi == wg_end && hi < N)
                lo = hi - set; /* next work-group starts a new sub-group */
        }
        CHECK(!bad, "group %s: status %d %s", gc->name, st, err);
    }
    /* The documented order: (1e8 + 1) + -1e8 ... in f32 loses the 1 left to right. */
    {
        uint64_t v[4] = {fb(1e8f), fb(1.0f), fb(-1e8f), fb(2.0f)};
        enum hmm_status st = group_run(I(HMM_OP_GROUP, HMM_T_F32, 0, HMM_GROUP_ADD, 0, 0, 0, 0, 0),
                                       v, out, 4, 4, 0, 0, err);
        CHECK(st == HMM_DONE && bf(out[0]) == 2.0f && bf(out[3]) == 2.0f,
              "f32 reduce adds left to right: %g", (double)bf(out[0]));
    }
    /* Broadcast (2-byte id within a work-group, then within each sub-group), all, any. */
    for (int i = 0; i < N; i++)
        in[i] = (uint64_t)i * 3 + 1;
    enum hmm_status st =
        group_run(I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_BROADCAST, 0, 0, 0, 0, 0), in, out, N, L,
                  34, 0, err);
    int ok = st == HMM_DONE;
    for (int i = 0; i < N && ok; i++)
        ok = out[i] == in[i / L * L + 34];
    CHECK(ok, "work-group broadcast: %d %s", st, err);
    st = group_run(I(HMM_OP_GROUP, HMM_T_I64, 1, HMM_GROUP_BROADCAST, 0, 0, 0, 0, 0), in, out, 64,
                   64, 5, 0, err);
    ok = st == HMM_DONE;
    for (int i = 0; i < 64 && ok; i++)
        ok = out[i] == in[i / 32 * 32 + 5];
    CHECK(ok, "sub-group broadcast: %d %s", st, err);
    st = group_run(I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_BROADCAST, 0, 0, 0, 0, 0), in, out, N, L,
                   35, 0, err);
    CHECK(st == HMM_TRAP && strstr(err, "broadcast at insn 12 from work-item 35 of a work-group of "
                                        "35"),
          "broadcast outside the last group traps: %d %s", st, err);
    for (int i = 0; i < N; i++)
        in[i] = i < L ? (i == 7 ? 0x100 : 1) : (i == 50 ? 2 : 0); /* i8 sees 0x100 as 0 */
    st = group_run(I(HMM_OP_GROUP, HMM_T_I8, 0, HMM_GROUP_ALL, 0, 0, 0, 0, 0), in, out, N, L, 0, 0,
                   err);
    CHECK(st == HMM_DONE && out[0] == 0 && out[39] == 0 && out[40] == 0 && out[74] == 0,
          "all: %d %s", st, err);
    st = group_run(I(HMM_OP_GROUP, HMM_T_I8, 0, HMM_GROUP_ANY, 0, 0, 0, 0, 0), in, out, N, L, 0, 0,
                   err);
    CHECK(st == HMM_DONE && out[0] == 1 && out[39] == 1 && out[40] == 1 && out[74] == 1,
          "any: %d %s", st, err);
    for (int i = 0; i < N; i++)
        in[i] = 1;
    st = group_run(I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_ALL, 0, 0, 0, 0, 0), in, out, N, L, 0, 0,
                   err);
    CHECK(st == HMM_DONE && out[0] == 1 && out[74] == 1, "all true: %d %s", st, err);

    /* Sub-groups go on independently: only sub-group 1 (lanes 32..63) runs the reduction. */
    for (int i = 0; i < 64; i++)
        in[i] = (uint64_t)i;
    st = group_run(I(HMM_OP_GROUP, HMM_T_I32, 1, HMM_GROUP_ADD, 0, 0, 0, 0, 0), in, out, 64, 64, 0,
                   32, err);
    ok = st == HMM_DONE;
    for (int i = 0; i < 64 && ok; i++)
        ok = out[i] == (i < 32 ? (uint64_t)i : (32 + 63) * 16);
    CHECK(ok, "one sub-group reduces, the other does not: %d %s", st, err);
    /* Half a sub-group at a sub-group collective: divergence. */
    st = group_run(I(HMM_OP_GROUP, HMM_T_I32, 1, HMM_GROUP_ADD, 0, 0, 0, 0, 0), in, out, 64, 64, 0,
                   40, err);
    CHECK(st == HMM_TRAP && strstr(err, "sub-group barrier or collective at insn 12"),
          "partial sub-group: %d %s", st, err);
    /* Half a work-group at a work-group collective. */
    st = group_run(I(HMM_OP_GROUP, HMM_T_I32, 0, HMM_GROUP_ADD, 0, 0, 0, 0, 0), in, out, 64, 64, 0,
                   40, err);
    CHECK(st == HMM_TRAP && strstr(err, "barrier divergence: 24 work-items wait"),
          "partial work-group: %d %s", st, err);
}

static void test_sub_group_queries(void)
{
    /* out[gid] = size | max << 8 | num << 16 | enqueued num << 24 | id << 32 | local id << 40 */
    struct hmm_builder *b = hmm_builder_create();
    struct prog t;
    static const int q[6] = {HMM_WI_SUB_GROUP_SIZE, HMM_WI_MAX_SUB_GROUP_SIZE,
                             HMM_WI_NUM_SUB_GROUPS, HMM_WI_ENQUEUED_NUM_SUB_GROUPS,
                             HMM_WI_SUB_GROUP_ID,   HMM_WI_SUB_GROUP_LOCAL_ID};
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 1, 0, 0, 0, 0);
    for (int i = 0; i < 6; i++) {
        E(HMM_OP_WI, i % 2 ? HMM_T_I64 : HMM_T_I32, 0, 0, 2, 0, 0, 0, q[i]);
        E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 3, 0, 0, 0, 8 * i);
        E(HMM_OP_SHL, HMM_T_I64, 0, 0, 2, 2, 3, 0, 0);
        E(HMM_OP_OR, HMM_T_I64, 0, 0, 1, 1, 2, 0, 0);
    }
    E(HMM_OP_WI, HMM_T_I64, 0, 0, 4, 0, 0, 0, HMM_WI_GLOBAL_LINEAR_ID);
    E(HMM_OP_MOVI, HMM_T_I64, 0, 0, 3, 0, 0, 0, 3);
    E(HMM_OP_SHL, HMM_T_I64, 0, 0, 4, 4, 3, 0, 0);
    E(HMM_OP_LDARG, HMM_T_I64, 0, 0, 5, 0, 0, 0, 0);
    E(HMM_OP_ADD, HMM_T_I64, 0, 0, 5, 5, 4, 0, 0);
    E(HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, 5, 1, 0, 0);
    E(HMM_OP_RET, 0, 0, 0, 0, 0, 0, 0, 0);
    if (finish(b, &t, 0, 0, 1)) {
        CHECK(0, "sub-group query program");
        return;
    }
    /* 2-D 10x9 in 10x7 groups: 70 lanes (sub-groups 32, 32, 6), then 20 (one of 20). */
    uint64_t out[90];
    struct run r = {.dim = 2, .gsize = {10, 9}, .lsize = {10, 7}, .args = {(uintptr_t)out}};
    enum hmm_status st = run(&t, &r);
    int ok = st == HMM_DONE;
    for (int g = 0; g < 90 && ok; g++) {
        uint64_t lane = g < 70 ? (uint64_t)g : (uint64_t)g - 70, lanes = g < 70 ? 70 : 20;
        uint64_t sg = lane / 32, size = lanes - sg * 32 < 32 ? lanes - sg * 32 : 32;
        uint64_t num = (lanes + 31) / 32;
        uint64_t want = size | 32ull << 8 | num << 16 | 3ull << 24 | sg << 32 | (lane % 32) << 40;
        ok = out[g] == want;
        if (!ok)
            printf("item %d: 0x%llx, want 0x%llx\n", g, (unsigned long long)out[g],
                   (unsigned long long)want);
    }
    CHECK(ok, "sub-group queries, non-uniform 2-D: %d %s", st, r.error);
    /* A work-group smaller than a sub-group: max size is the work-group's. */
    r = (struct run){.gsize = {5}, .lsize = {5}, .args = {(uintptr_t)out}};
    st = run(&t, &r);
    CHECK(st == HMM_DONE && out[4] == (5 | 5ull << 8 | 1ull << 16 | 1ull << 24 | 4ull << 40),
          "sub-group queries, 5 lanes: 0x%llx", (unsigned long long)out[4]);
    free(t.image);
}

int main(void)
{
    test_int();
    test_cvt();
    test_float();
    test_soft_float();
    test_divergence();
    test_local_reverse();
    test_wi_nonuniform();
    test_private_generic();
    test_traps();
    test_fault_resume();
    test_calls();
    test_group();
    test_sub_group_queries();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
