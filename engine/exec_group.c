// SPDX-License-Identifier: MIT
/*
 * DOC: collectives
 *
 * GROUP instructions run once every lane of their set (the work-group, or
 * one sub-group) waits at them; wave_schedule() in exec.c decides that, then
 * calls hmm_exec_group() with the set's lane range. Lanes are numbered in
 * local linear order, so one pass from lo to hi visits work-items in the
 * order the OpenCL scans are defined in.
 *
 * Float reductions and scans add (or take minNum/maxNum) strictly left to
 * right in that order, starting from the first lane's value, in the type's
 * own precision: the result is the same on every run and equals a
 * sequential C loop over the values. The identity only appears as the
 * first lane's exclusive-scan result: 0 for ADD, the type's largest value
 * (+INF for floats) for MIN, its smallest (-INF) for MAX.
 */
#include "engine/exec.h"

static uint32_t type_bits(uint8_t type)
{
    static const uint8_t bits[HMM_T_COUNT] = {0, 8, 16, 32, 64, 16, 32, 64};
    return type < HMM_T_COUNT ? bits[type] : 64;
}

static uint64_t identity(uint8_t type, uint8_t gop, int sgn)
{
    uint32_t bits = type_bits(type);
    uint64_t m = hmm_mask(bits);

    if (gop == HMM_GROUP_ADD)
        return 0;
    if (type == HMM_T_F32)
        return gop == HMM_GROUP_MIN ? 0x7f800000ull : 0xff800000ull;
    if (type == HMM_T_F64)
        return gop == HMM_GROUP_MIN ? 0x7ff0000000000000ull : 0xfff0000000000000ull;
    if (gop == HMM_GROUP_MIN)
        return sgn ? m >> 1 : m;
    return sgn ? (1ull << (bits - 1)) : 0;
}

static uint64_t combine(uint8_t type, uint8_t gop, int sgn, uint64_t a, uint64_t b)
{
    uint32_t bits = type_bits(type);
    uint64_t m = hmm_mask(bits);
    int less;

    if (type == HMM_T_F32 || type == HMM_T_F64)
        return hmm_float_combine(type, gop, a, b);
    if (gop == HMM_GROUP_ADD)
        return (a + b) & m;
    less = sgn ? hmm_sext(b, bits) < hmm_sext(a, bits) : (b & m) < (a & m);
    if (gop == HMM_GROUP_MAX)
        less = sgn ? hmm_sext(a, bits) < hmm_sext(b, bits) : (a & m) < (b & m);
    return (less ? b : a) & m;
}

enum hmm_status hmm_exec_group(struct hmm_wave *w, uint32_t pc, uint32_t lo, uint32_t hi)
{
    const struct hmm_insn *in = &w->code[pc];
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
    uint8_t type = in->type, gop = in->flags;
    int is_flt = type == HMM_T_F32 || type == HMM_T_F64;
    uint64_t m = is_flt ? ~0ull : hmm_mask(type_bits(type));

    switch (gop) {
    case HMM_GROUP_ALL:
    case HMM_GROUP_ANY: {
        uint64_t r = gop == HMM_GROUP_ALL;
        for (uint32_t l = lo; l < hi; l++) {
            if (((A[l] & m) != 0) != (gop == HMM_GROUP_ALL)) {
                r = !r;
                break;
            }
        }
        for (uint32_t l = lo; l < hi; l++)
            D[l] = r;
        return HMM_YIELD;
    }
    case HMM_GROUP_BROADCAST: {
        uint64_t idx = hmm_reg(w, in->b)[lo];
        if (idx >= hi - lo)
            return hmm_wave_trap(w,
                                 "broadcast at insn %u from work-item %llu of a %s of %u "
                                 "work-items",
                                 pc, (unsigned long long)idx,
                                 in->mod == HMM_EXEC_SUB_GROUP ? "sub-group" : "work-group",
                                 hi - lo);
        uint64_t v = A[lo + idx] & m;
        for (uint32_t l = lo; l < hi; l++)
            D[l] = v;
        return HMM_YIELD;
    }
    default:
        break;
    }

    int kind = in->imm & 0xf, sgn = (in->imm & HMM_GROUP_SIGNED) != 0;
    uint64_t acc = A[lo] & m;

    if (kind == HMM_GROUP_EXCLUSIVE) {
        D[lo] = identity(type, gop, sgn);
        for (uint32_t l = lo + 1; l < hi; l++) {
            uint64_t prev = acc;
            acc = combine(type, gop, sgn, acc, A[l] & m);
            D[l] = prev;
        }
        return HMM_YIELD;
    }
    if (kind == HMM_GROUP_INCLUSIVE) {
        D[lo] = acc;
        for (uint32_t l = lo + 1; l < hi; l++) {
            acc = combine(type, gop, sgn, acc, A[l] & m);
            D[l] = acc;
        }
        return HMM_YIELD;
    }
    for (uint32_t l = lo + 1; l < hi; l++)
        acc = combine(type, gop, sgn, acc, A[l] & m);
    for (uint32_t l = lo; l < hi; l++)
        D[l] = acc;
    return HMM_YIELD;
}
