/* SPDX-License-Identifier: MIT */
/*
 * Lowering of conversions (numeric, pointer, generic casts, bitcasts) and
 * of composite instructions (extract, insert, construct, shuffles, dynamic
 * vector indexing), all on scalarised values.
 */
#include <errno.h>
#include <stdlib.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

static uint32_t hty_bits(uint8_t h)
{
    switch (h) {
    case HMM_T_I8:
        return 8;
    case HMM_T_I16:
    case HMM_T_F16:
        return 16;
    case HMM_T_I32:
    case HMM_T_F32:
        return 32;
    default:
        return 64;
    }
}

static uint8_t int_type(uint32_t bits)
{
    return bits == 8 ? HMM_T_I8 : bits == 16 ? HMM_T_I16 : bits == 32 ? HMM_T_I32 : HMM_T_I64;
}

static bool is_int(uint8_t h)
{
    return h >= HMM_T_I8 && h <= HMM_T_I64;
}

/* Numeric conversions, component by component. */
static void convert(struct lower *L, const struct spv_inst *in, uint8_t flags)
{
    uint32_t rt = lower_op(L, in, 1), res = lower_op(L, in, 2), v = lower_op(L, in, 3);
    uint32_t vt = lower_type_of(L, v);
    uint32_t n = lower_leaves(L, rt);
    uint8_t dt = lower_hty(L, lower_scalar_of(L, rt));
    uint8_t st = lower_hty(L, lower_scalar_of(L, vt));
    uint32_t a = lower_val(L, v);
    uint32_t d = lower_def(L, res);
    if (L->err)
        return;
    const struct spv_deco *deco = &L->m->ids[res].d;
    if (deco->saturated && is_int(dt))
        flags |= HMM_CVT_SAT;
    if (deco->fp_rounding && !(is_int(st) && is_int(dt)))
        flags |= (uint8_t)(deco->fp_rounding << HMM_CVT_ROUND_SHIFT);
    if (!is_int(st))
        flags &= (uint8_t)~HMM_CVT_SRC_SIGNED;
    if (!is_int(dt))
        flags &= (uint8_t) ~(HMM_CVT_DST_SIGNED | HMM_CVT_SAT);
    for (uint32_t k = 0; k < n; k++) {
        if (dt == st && !(flags & HMM_CVT_SAT))
            lower_mov(L, d + k, a + k, 1);
        else
            lower_emit(L, HMM_OP_CVT, dt, st, flags, d + k, a + k, 0, 0, 0);
    }
}

/*
 * OpBitcast: the source components' bits, concatenated lowest component
 * first, cut into the destination components.
 */
static void bitcast(struct lower *L, const struct spv_inst *in)
{
    uint32_t rt = lower_op(L, in, 1), v = lower_op(L, in, 3);
    uint32_t vt = lower_type_of(L, v);
    uint32_t nd = lower_leaves(L, rt), ns = lower_leaves(L, vt);
    uint32_t wd = hty_bits(lower_hty(L, lower_scalar_of(L, rt)));
    uint32_t ws = hty_bits(lower_hty(L, lower_scalar_of(L, vt)));
    uint32_t a = lower_val(L, v);
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    if (nd * wd != ns * ws) {
        lower_fail(L, "OpBitcast between types of different sizes");
        return;
    }
    if (wd == ws) {
        lower_mov(L, d, a, nd);
        return;
    }
    uint8_t id = int_type(wd), is = int_type(ws);
    if (ws > wd) {
        uint32_t r = ws / wd;
        uint32_t t = lower_temp(L);
        for (uint32_t j = 0; j < nd; j++) {
            uint32_t src = a + j / r, part = j % r;
            if (part) {
                lower_emit(L, HMM_OP_SHR, is, 0, 0, t, src,
                           lower_const_temp(L, is, (uint64_t)part * wd), 0, 0);
                src = t;
            }
            lower_emit(L, HMM_OP_CVT, id, is, 0, d + j, src, 0, 0, 0);
        }
        return;
    }
    uint32_t r = wd / ws;
    uint32_t acc = lower_temp(L), t = lower_temp(L);
    for (uint32_t j = 0; j < nd; j++) {
        lower_emit(L, HMM_OP_CVT, id, is, 0, acc, a + j * r, 0, 0, 0);
        for (uint32_t p = 1; p < r; p++) {
            lower_emit(L, HMM_OP_CVT, id, is, 0, t, a + j * r + p, 0, 0, 0);
            lower_emit(L, HMM_OP_SHL, id, 0, 0, t, t, lower_const_temp(L, id, (uint64_t)p * ws), 0,
                       0);
            lower_emit(L, HMM_OP_OR, id, 0, 0, acc, acc, t, 0, 0);
        }
        lower_mov(L, d + j, acc, 1);
    }
}

/* Pointer <-> integer: 64-bit moves, other widths truncated or zero-extended. */
static void ptr_int(struct lower *L, const struct spv_inst *in)
{
    uint32_t rt = lower_op(L, in, 1), v = lower_op(L, in, 3);
    uint8_t dt = lower_hty(L, rt), st = lower_hty(L, lower_type_of(L, v));
    uint32_t a = lower_val(L, v), d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    if (dt == st)
        lower_mov(L, d, a, 1);
    else
        lower_emit(L, HMM_OP_CVT, dt, st, 0, d, a, 0, 0, 0);
}

static uint8_t space_of_storage(uint32_t storage)
{
    switch (storage) {
    case SpvStorageClassWorkgroup:
        return HMM_SPACE_LOCAL;
    case SpvStorageClassFunction:
        return HMM_SPACE_PRIVATE;
    default:
        return HMM_SPACE_GLOBAL;
    }
}

/* to_global/to_local/to_private: the pointer if it is in that space, else null. */
static void generic_to_explicit(struct lower *L, const struct spv_inst *in)
{
    uint32_t p = lower_op(L, in, 3), storage = lower_op(L, in, 4);
    uint32_t a = lower_val(L, p), d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    uint32_t s = lower_temp(L), c = lower_temp(L);
    lower_emit(L, HMM_OP_SPACE_OF, HMM_T_I32, 0, 0, s, a, 0, 0, 0);
    lower_emit(L, HMM_OP_CMP, HMM_T_I32, HMM_CC_EQ, 0, c, s,
               lower_const_temp(L, HMM_T_I32, space_of_storage(storage)), 0, 0);
    lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, d, c, a, lower_const_temp(L, HMM_T_I64, 0), 0);
}

static void generic_mem_semantics(struct lower *L, const struct spv_inst *in)
{
    uint32_t a = lower_val(L, lower_op(L, in, 3)), d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    uint32_t s = lower_temp(L), c = lower_temp(L), t = lower_temp(L);
    lower_emit(L, HMM_OP_SPACE_OF, HMM_T_I32, 0, 0, s, a, 0, 0, 0);
    lower_emit(L, HMM_OP_CMP, HMM_T_I32, HMM_CC_EQ, 0, c, s,
               lower_const_temp(L, HMM_T_I32, HMM_SPACE_GLOBAL), 0, 0);
    lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, t, c,
               lower_const_temp(L, HMM_T_I32, SpvMemorySemanticsCrossWorkgroupMemoryMask),
               lower_const_temp(L, HMM_T_I32, 0), 0);
    lower_emit(L, HMM_OP_CMP, HMM_T_I32, HMM_CC_EQ, 0, c, s,
               lower_const_temp(L, HMM_T_I32, HMM_SPACE_LOCAL), 0, 0);
    lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, d, c,
               lower_const_temp(L, HMM_T_I32, SpvMemorySemanticsWorkgroupMemoryMask), t, 0);
}

bool lower_convert(struct lower *L, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpConvertFToU:
        convert(L, in, 0);
        return true;
    case SpvOpConvertFToS:
        convert(L, in, HMM_CVT_DST_SIGNED);
        return true;
    case SpvOpConvertSToF:
        convert(L, in, HMM_CVT_SRC_SIGNED);
        return true;
    case SpvOpConvertUToF:
    case SpvOpUConvert:
    case SpvOpFConvert:
        convert(L, in, 0);
        return true;
    case SpvOpSConvert:
        convert(L, in, HMM_CVT_SRC_SIGNED | HMM_CVT_DST_SIGNED);
        return true;
    case SpvOpSatConvertSToU:
        convert(L, in, HMM_CVT_SRC_SIGNED | HMM_CVT_SAT);
        return true;
    case SpvOpSatConvertUToS:
        convert(L, in, HMM_CVT_DST_SIGNED | HMM_CVT_SAT);
        return true;
    case SpvOpBitcast:
        bitcast(L, in);
        return true;
    case SpvOpConvertPtrToU:
    case SpvOpConvertUToPtr:
    case SpvOpPtrCastToGeneric:
    case SpvOpGenericCastToPtr:
        ptr_int(L, in);
        return true;
    case SpvOpGenericCastToPtrExplicit:
        generic_to_explicit(L, in);
        return true;
    case SpvOpGenericPtrMemSemantics:
        generic_mem_semantics(L, in);
        return true;
    default:
        return false;
    }
}

/* First leaf and type of the part of type @tid selected by literal indices @idx[@n]. */
static uint32_t leaf_index(struct lower *L, uint32_t tid, const uint32_t *idx, uint32_t n,
                           uint32_t *out_tid)
{
    uint32_t leaf = 0;
    for (uint32_t i = 0; i < n && !L->err; i++) {
        struct spv_type *t = lower_type(L, tid);
        if (!t)
            return 0;
        switch (t->kind) {
        case SPV_T_STRUCT:
            if (idx[i] >= t->count)
                goto range;
            for (uint32_t m = 0; m < idx[i]; m++)
                leaf += lower_leaves(L, t->members[m]);
            tid = t->members[idx[i]];
            break;
        case SPV_T_ARRAY:
        case SPV_T_VECTOR:
            if (idx[i] >= t->count)
                goto range;
            leaf += idx[i] * (t->kind == SPV_T_VECTOR ? 1 : lower_leaves(L, t->elem));
            tid = t->elem;
            break;
        default:
            goto range;
        }
    }
    *out_tid = tid;
    return leaf;
range:
    lower_fail(L, "%s: index out of range", spv_opcode_name(L->in->op));
    return 0;
}

static void shuffle(struct lower *L, const struct spv_inst *in)
{
    uint32_t v1 = lower_op(L, in, 3), v2 = lower_op(L, in, 4);
    uint32_t n1 = lower_leaves(L, lower_type_of(L, v1));
    uint32_t n2 = lower_leaves(L, lower_type_of(L, v2));
    uint32_t a = lower_val(L, v1), b = lower_val(L, v2);
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    for (uint32_t k = 5; k < in->nw && !L->err; k++) {
        uint32_t c = in->w[k];
        if (c == 0xffffffffu)
            lower_emit(L, HMM_OP_MOVI, HMM_T_I64, 0, 0, d + k - 5, 0, 0, 0, 0);
        else if (c < n1)
            lower_mov(L, d + k - 5, a + c, 1);
        else if (c < n1 + n2)
            lower_mov(L, d + k - 5, b + c - n1, 1);
        else
            lower_fail(L, "OpVectorShuffle: component %u out of range", c);
    }
}

/* Dynamic vector index: compare-and-select chains. */
static void vector_dynamic(struct lower *L, const struct spv_inst *in)
{
    bool insert = in->op == SpvOpVectorInsertDynamic;
    uint32_t vec = lower_op(L, in, 3);
    uint32_t idx = lower_op(L, in, insert ? 5 : 4);
    uint32_t n = lower_leaves(L, lower_type_of(L, vec));
    uint8_t it = lower_hty(L, lower_type_of(L, idx));
    uint32_t v = lower_val(L, vec), i = lower_val(L, idx);
    uint32_t comp = insert ? lower_val(L, lower_op(L, in, 4)) : 0;
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    uint32_t c = lower_temp(L), k = lower_temp(L);
    uint64_t def;
    /* get_global_size(d) with d > 2 is 1 (get_global_id(d) 0): start from that value. */
    bool builtin = !insert && lower_builtin_default(L, vec, &def);
    if (builtin)
        lower_emit(L, HMM_OP_MOVI, lower_hty(L, lower_op(L, in, 1)), 0, 0, d, 0, 0, 0,
                   (int32_t)def);
    else if (!insert)
        lower_mov(L, d, v, 1);
    for (uint32_t j = 0; j < n; j++) {
        if (!insert && j == 0 && !builtin)
            continue;
        lower_emit(L, HMM_OP_MOVI, it, 0, 0, k, 0, 0, 0, (int32_t)j);
        lower_emit(L, HMM_OP_CMP, it, HMM_CC_EQ, 0, c, i, k, 0, 0);
        if (insert)
            lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, d + j, c, comp, v + j, 0);
        else
            lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, d, c, v + j, d, 0);
    }
}

bool lower_composite(struct lower *L, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpUndef: /* materialised where used */
        return true;
    case SpvOpCopyObject: {
        uint32_t n = lower_leaves(L, lower_op(L, in, 1));
        uint32_t s = lower_val(L, lower_op(L, in, 3));
        lower_mov(L, lower_def(L, lower_op(L, in, 2)), s, n);
        return true;
    }
    case SpvOpCompositeExtract: {
        uint32_t comp = lower_op(L, in, 3);
        uint32_t part;
        uint64_t def;
        /* get_global_size(5): a dimension past the built-in vector has a defined value. */
        if (in->nw == 5 && lower_builtin_default(L, comp, &def) &&
            in->w[4] >= lower_leaves(L, lower_type_of(L, comp))) {
            lower_emit(L, HMM_OP_MOVI, lower_hty(L, lower_op(L, in, 1)), 0, 0,
                       lower_def(L, lower_op(L, in, 2)), 0, 0, 0, (int32_t)def);
            return true;
        }
        uint32_t leaf =
            leaf_index(L, lower_type_of(L, comp), &in->w[4], in->nw > 4 ? in->nw - 4 : 0, &part);
        uint32_t n = lower_leaves(L, lower_op(L, in, 1));
        uint32_t s = lower_val(L, comp);
        if (!L->err)
            lower_mov(L, lower_def(L, lower_op(L, in, 2)), s + leaf, n);
        return true;
    }
    case SpvOpCompositeInsert: {
        uint32_t rt = lower_op(L, in, 1), obj = lower_op(L, in, 3), comp = lower_op(L, in, 4);
        uint32_t part;
        uint32_t leaf = leaf_index(L, rt, &in->w[5], in->nw > 5 ? in->nw - 5 : 0, &part);
        uint32_t n = lower_leaves(L, rt), no = lower_leaves(L, lower_type_of(L, obj));
        uint32_t c = lower_val(L, comp), o = lower_val(L, obj);
        uint32_t d = lower_def(L, lower_op(L, in, 2));
        if (L->err)
            return true;
        if (leaf + no > n) {
            lower_fail(L, "OpCompositeInsert: shape mismatch");
            return true;
        }
        lower_mov(L, d, c, leaf);
        lower_mov(L, d + leaf, o, no);
        lower_mov(L, d + leaf + no, c + leaf + no, n - leaf - no);
        return true;
    }
    case SpvOpCompositeConstruct: {
        uint32_t n = lower_leaves(L, lower_op(L, in, 1));
        uint32_t d = lower_def(L, lower_op(L, in, 2));
        uint32_t pos = 0;
        for (uint32_t k = 3; k < in->nw && !L->err; k++) {
            uint32_t pn = lower_leaves(L, lower_type_of(L, in->w[k]));
            uint32_t s = lower_val(L, in->w[k]);
            if (pos + pn > n) {
                lower_fail(L, "OpCompositeConstruct: shape mismatch");
                return true;
            }
            lower_mov(L, d + pos, s, pn);
            pos += pn;
        }
        if (!L->err && pos != n)
            lower_fail(L, "OpCompositeConstruct: shape mismatch");
        return true;
    }
    case SpvOpVectorShuffle:
        shuffle(L, in);
        return true;
    case SpvOpVectorExtractDynamic:
    case SpvOpVectorInsertDynamic:
        vector_dynamic(L, in);
        return true;
    default:
        return false;
    }
}
