/* SPDX-License-Identifier: MIT */
/*
 * Lowering of memory instructions: Function variables, loads and stores
 * (scalars, vectors and aggregates leaf by leaf), built-in variables,
 * access chains, memory copies and pointer arithmetic.
 */
#include <errno.h>
#include <string.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

void lower_load_value(struct lower *L, uint32_t tid, uint32_t dst, uint32_t addr, int32_t off,
                      uint8_t space)
{
    uint32_t n = lower_leaves(L, tid);
    for (uint32_t k = 0; k < n && !L->err; k++) {
        uint32_t lo;
        uint32_t st = lower_leaf(L, tid, k, &lo);
        lower_emit(L, HMM_OP_LD, lower_hty(L, st), space, 0, dst + k, addr, 0, 0,
                   off + (int32_t)lo);
    }
}

void lower_store_value(struct lower *L, uint32_t tid, uint32_t src, uint32_t addr, int32_t off,
                       uint8_t space)
{
    if (space == HMM_SPACE_CONSTANT) {
        lower_fail(L, "store to the constant address space");
        return;
    }
    uint32_t n = lower_leaves(L, tid);
    for (uint32_t k = 0; k < n && !L->err; k++) {
        uint32_t lo;
        uint32_t st = lower_leaf(L, tid, k, &lo);
        lower_emit(L, HMM_OP_ST, lower_hty(L, st), space, 0, 0, addr, src + k, 0,
                   off + (int32_t)lo);
    }
}

/* The pointer type of value @id (error if it is not a pointer). */
static struct spv_type *ptr_type(struct lower *L, uint32_t id)
{
    uint32_t tid = lower_type_of(L, id);
    struct spv_type *t = L->err ? NULL : lower_type(L, tid);
    if (t && t->kind != SPV_T_POINTER) {
        lower_fail(L, "%%%u is not a pointer", id);
        return NULL;
    }
    return t;
}

static bool is_builtin_var(struct lower *L, uint32_t id)
{
    struct spv_id *e = spv_id(L->m, id);
    return e && e->kind == SPV_ID_VAR && e->d.builtin;
}

bool lower_builtin_default(struct lower *L, uint32_t vec, uint64_t *value)
{
    struct spv_id *e = spv_id(L->m, vec);
    if (!e || e->kind != SPV_ID_VALUE)
        return false;
    const struct spv_inst *in = &L->m->insts[e->inst];
    if (in->op != SpvOpLoad || in->nw < 4 || !is_builtin_var(L, in->w[3]))
        return false;
    switch (L->m->ids[in->w[3]].d.builtin - 1) {
    case SpvBuiltInGlobalSize:
    case SpvBuiltInWorkgroupSize:
    case SpvBuiltInEnqueuedWorkgroupSize:
    case SpvBuiltInNumWorkgroups:
        *value = 1;
        return true;
    case SpvBuiltInGlobalInvocationId:
    case SpvBuiltInLocalInvocationId:
    case SpvBuiltInWorkgroupId:
    case SpvBuiltInGlobalOffset:
        *value = 0;
        return true;
    default:
        return false;
    }
}

static void load_builtin(struct lower *L, uint32_t var, uint32_t rt, uint32_t dst)
{
    struct spv_id *e = &L->m->ids[var];
    uint32_t b = e->d.builtin - 1;
    int32_t q;
    bool dims = true;
    switch (b) {
    case SpvBuiltInGlobalInvocationId:
        q = HMM_WI_GLOBAL_ID;
        break;
    case SpvBuiltInLocalInvocationId:
        q = HMM_WI_LOCAL_ID;
        break;
    case SpvBuiltInWorkgroupId:
        q = HMM_WI_GROUP_ID;
        break;
    case SpvBuiltInGlobalSize:
        q = HMM_WI_GLOBAL_SIZE;
        break;
    case SpvBuiltInWorkgroupSize:
        q = HMM_WI_LOCAL_SIZE;
        break;
    case SpvBuiltInEnqueuedWorkgroupSize:
        q = HMM_WI_ENQUEUED_LOCAL_SIZE;
        break;
    case SpvBuiltInNumWorkgroups:
        q = HMM_WI_NUM_GROUPS;
        break;
    case SpvBuiltInGlobalOffset:
        q = HMM_WI_GLOBAL_OFFSET;
        break;
    case SpvBuiltInWorkDim:
        q = HMM_WI_WORK_DIM;
        dims = false;
        break;
    case SpvBuiltInGlobalLinearId:
        q = HMM_WI_GLOBAL_LINEAR_ID;
        dims = false;
        break;
    case SpvBuiltInLocalInvocationIndex:
        q = HMM_WI_LOCAL_LINEAR_ID;
        dims = false;
        break;
    case SpvBuiltInSubgroupSize:
        q = HMM_WI_SUB_GROUP_SIZE;
        dims = false;
        break;
    case SpvBuiltInSubgroupMaxSize:
        q = HMM_WI_MAX_SUB_GROUP_SIZE;
        dims = false;
        break;
    case SpvBuiltInNumSubgroups:
        q = HMM_WI_NUM_SUB_GROUPS;
        dims = false;
        break;
    case SpvBuiltInNumEnqueuedSubgroups:
        q = HMM_WI_ENQUEUED_NUM_SUB_GROUPS;
        dims = false;
        break;
    case SpvBuiltInSubgroupId:
        q = HMM_WI_SUB_GROUP_ID;
        dims = false;
        break;
    case SpvBuiltInSubgroupLocalInvocationId:
        q = HMM_WI_SUB_GROUP_LOCAL_ID;
        dims = false;
        break;
    default:
        lower_fail(L, "built-in variable %s (BuiltIn %u) is not supported", e->name ? e->name : "?",
                   b);
        return;
    }
    uint32_t n = lower_leaves(L, rt);
    if (n > (dims ? 3u : 1u)) {
        lower_fail(L, "built-in variable %s loaded with %u components", e->name ? e->name : "?", n);
        return;
    }
    for (uint32_t k = 0; k < n && !L->err; k++) {
        uint32_t off;
        uint8_t hty = lower_hty(L, lower_leaf(L, rt, k, &off));
        if (hty != HMM_T_I32 && hty != HMM_T_I64) {
            lower_fail(L, "built-in variable %s has a non-integer type", e->name ? e->name : "?");
            return;
        }
        lower_emit(L, HMM_OP_WI, hty, (uint8_t)k, 0, dst + k, 0, 0, 0, q);
    }
}

/* Sign-extend constant @v of a @bits-wide integer type. */
static int64_t sext(uint64_t v, uint32_t bits)
{
    if (bits >= 64)
        return (int64_t)v;
    uint64_t m = 1ull << (bits - 1);
    v &= (m << 1) - 1;
    return (int64_t)((v ^ m) - m);
}

/*
 * @addr += index * stride; constant indices fold into *@coff, modulo 2^64
 * like the run-time arithmetic (an input's index may overflow it). Returns
 * the address register.
 */
static uint32_t add_index(struct lower *L, uint32_t addr, uint32_t idx, uint64_t stride,
                          uint64_t *coff)
{
    uint32_t it = lower_type_of(L, idx);
    struct spv_type *t = L->err ? NULL : lower_type(L, it);
    if (!t || t->kind != SPV_T_INT) {
        lower_fail(L, "access chain index %%%u is not an integer", idx);
        return addr;
    }
    if (lower_is_const(L, idx)) {
        *coff += (uint64_t)sext(lower_const_value(L, idx), t->width) * stride;
        return addr;
    }
    uint32_t r = lower_val(L, idx);
    if (t->width < 64) {
        uint32_t x = lower_temp(L);
        lower_emit(L, HMM_OP_CVT, HMM_T_I64, lower_hty(L, it),
                   HMM_CVT_SRC_SIGNED | HMM_CVT_DST_SIGNED, x, r, 0, 0, 0);
        r = x;
    }
    if (stride != 1) {
        uint32_t x = lower_temp(L);
        if (!(stride & (stride - 1))) {
            uint32_t sh = 0;
            while ((1ull << sh) != stride)
                sh++;
            lower_emit(L, HMM_OP_SHL, HMM_T_I64, 0, 0, x, r, lower_const_temp(L, HMM_T_I64, sh), 0,
                       0);
        } else {
            lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, x, r, lower_const_temp(L, HMM_T_I64, stride),
                       0, 0);
        }
        r = x;
    }
    uint32_t a = lower_temp(L);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, a, addr, r, 0, 0);
    return a;
}

static void access_chain(struct lower *L, const struct spv_inst *in, bool ptr_form)
{
    uint32_t base = lower_op(L, in, 3);
    if (is_builtin_var(L, base)) {
        lower_fail(L, "access chain into a built-in variable is not supported");
        return;
    }
    struct spv_type *pt = ptr_type(L, base);
    if (!pt)
        return;
    uint32_t cur = pt->elem;
    uint32_t addr = lower_val(L, base);
    uint64_t coff = 0;
    uint32_t k = 4;
    if (ptr_form) {
        struct spv_type *t = lower_type(L, cur);
        if (!t)
            return;
        addr = add_index(L, addr, lower_op(L, in, k++), t->size, &coff);
    }
    for (; k < in->nw && !L->err; k++) {
        struct spv_type *t = lower_type(L, cur);
        if (!t)
            return;
        uint32_t idx = in->w[k];
        switch (t->kind) {
        case SPV_T_STRUCT: {
            if (!lower_is_const(L, idx)) {
                lower_fail(L, "struct index %%%u is not a constant", idx);
                return;
            }
            uint64_t i = lower_const_value(L, idx);
            if (i >= t->count) {
                lower_fail(L, "struct member %llu out of range", (unsigned long long)i);
                return;
            }
            coff += t->offsets[i];
            cur = t->members[i];
            break;
        }
        case SPV_T_ARRAY:
        case SPV_T_VECTOR: {
            struct spv_type *e = lower_type(L, t->elem);
            if (!e)
                return;
            addr = add_index(L, addr, idx, e->size, &coff);
            cur = t->elem;
            break;
        }
        default:
            lower_fail(L, "access chain indexes into a non-composite type");
            return;
        }
    }
    if (L->err)
        return;
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    if (coff)
        lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, d, addr, lower_const_temp(L, HMM_T_I64, coff), 0,
                   0);
    else
        lower_mov(L, d, addr, 1);
}

/* Alignment from memory operands starting at word @k (1 if none). */
static uint32_t mem_align(const struct spv_inst *in, uint32_t k)
{
    if (k < in->nw && (in->w[k] & SpvMemoryAccessAlignedMask) && k + 1 < in->nw) {
        uint32_t a = in->w[k + 1];
        if (a && !(a & (a - 1)))
            return a;
    }
    return 1;
}

static uint8_t chunk_type(uint32_t n)
{
    return n == 8 ? HMM_T_I64 : n == 4 ? HMM_T_I32 : n == 2 ? HMM_T_I16 : HMM_T_I8;
}

/* Copy @size bytes (register @dyn_size if @size is ~0) from @src to @dst. */
static void copy_bytes(struct lower *L, uint32_t dst, uint8_t dspace, uint32_t src, uint8_t sspace,
                       uint64_t size, uint32_t dyn_size, uint32_t align)
{
    uint32_t chunk = align > 8 ? 8 : align;
    if (dspace == HMM_SPACE_CONSTANT) {
        lower_fail(L, "copy to the constant address space");
        return;
    }
    if (size != ~0ull && size <= 256) {
        uint32_t t = lower_temp(L);
        for (uint64_t o = 0; o < size;) {
            uint32_t n = chunk;
            while (o + n > size)
                n /= 2;
            lower_emit(L, HMM_OP_LD, chunk_type(n), sspace, 0, t, src, 0, 0, (int32_t)o);
            lower_emit(L, HMM_OP_ST, chunk_type(n), dspace, 0, 0, dst, t, 0, (int32_t)o);
            o += n;
        }
        return;
    }
    /* A loop: i = 0; while (i < n) { copy chunk at i; i += chunk }. */
    uint32_t n = dyn_size;
    if (size != ~0ull) {
        n = lower_const_temp(L, HMM_T_I64, size);
        if (size % chunk)
            chunk = 1;
    } else {
        chunk = 1;
    }
    uint32_t i = lower_const_temp(L, HMM_T_I64, 0);
    uint32_t step = lower_const_temp(L, HMM_T_I64, chunk);
    uint32_t c = lower_temp(L), sa = lower_temp(L), da = lower_temp(L), t = lower_temp(L);
    uint32_t head = lower_emit(L, HMM_OP_CMP, HMM_T_I64, HMM_CC_UGE, 0, c, i, n, 0, 0);
    uint32_t brc = lower_emit(L, HMM_OP_BRC, HMM_T_NONE, 0, 0, 0, c, 0, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, sa, src, i, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, da, dst, i, 0, 0);
    lower_emit(L, HMM_OP_LD, chunk_type(chunk), sspace, 0, t, sa, 0, 0, 0);
    lower_emit(L, HMM_OP_ST, chunk_type(chunk), dspace, 0, 0, da, t, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, i, i, step, 0, 0);
    lower_emit(L, HMM_OP_BR, HMM_T_NONE, 0, 0, 0, 0, 0, 0, (int32_t)head);
    struct hmm_insn *b = hmm_builder_insn(L->b, brc);
    if (b)
        b->imm = (int32_t)hmm_builder_here(L->b);
}

static void copy_memory(struct lower *L, const struct spv_inst *in)
{
    uint32_t dp = lower_op(L, in, 1), sp = lower_op(L, in, 2);
    struct spv_type *dt = ptr_type(L, dp), *st = dt ? ptr_type(L, sp) : NULL;
    if (!st)
        return;
    uint8_t ds = lower_space(L, dt->storage), ss = lower_space(L, st->storage);
    uint32_t d = lower_val(L, dp), s = lower_val(L, sp);
    if (in->op == SpvOpCopyMemory) {
        struct spv_type *vt = lower_type(L, dt->elem);
        if (!vt)
            return;
        uint32_t al = mem_align(in, 3);
        if (vt->align > al)
            al = vt->align;
        copy_bytes(L, d, ds, s, ss, vt->size, 0, al);
        return;
    }
    uint32_t size = lower_op(L, in, 3);
    uint32_t al = mem_align(in, 4);
    if (lower_is_const(L, size)) {
        copy_bytes(L, d, ds, s, ss, lower_const_value(L, size), 0, al);
        return;
    }
    uint32_t stid = lower_type_of(L, size);
    uint32_t n = lower_val(L, size);
    if (lower_hty(L, stid) != HMM_T_I64) {
        uint32_t x = lower_temp(L);
        lower_emit(L, HMM_OP_CVT, HMM_T_I64, lower_hty(L, stid), 0, x, n, 0, 0, 0);
        n = x;
    }
    copy_bytes(L, d, ds, s, ss, ~0ull, n, 1);
}

bool lower_memory(struct lower *L, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpVariable: {
        uint32_t id = lower_op(L, in, 2);
        uint32_t d = lower_def(L, id);
        lower_emit(L, HMM_OP_PRIVATE_ADDR, HMM_T_I64, 0, 0, d, 0, 0, 0, (int32_t)L->var_off[id]);
        if (in->nw > 4) {
            struct spv_type *pt = lower_type(L, in->w[1]);
            if (pt)
                lower_store_value(L, pt->elem, lower_val(L, in->w[4]), d, 0, HMM_SPACE_PRIVATE);
        }
        return true;
    }
    case SpvOpLoad: {
        uint32_t rt = lower_op(L, in, 1), res = lower_op(L, in, 2), p = lower_op(L, in, 3);
        if (is_builtin_var(L, p)) {
            load_builtin(L, p, rt, lower_def(L, res));
            return true;
        }
        struct spv_type *pt = ptr_type(L, p);
        if (!pt)
            return true;
        uint8_t space = lower_space(L, pt->storage);
        lower_load_value(L, rt, lower_def(L, res), lower_val(L, p), 0, space);
        return true;
    }
    case SpvOpStore: {
        uint32_t p = lower_op(L, in, 1), v = lower_op(L, in, 2);
        struct spv_type *pt = ptr_type(L, p);
        if (!pt)
            return true;
        uint8_t space = lower_space(L, pt->storage);
        lower_store_value(L, lower_type_of(L, v), lower_val(L, v), lower_val(L, p), 0, space);
        return true;
    }
    case SpvOpAccessChain:
    case SpvOpInBoundsAccessChain:
        access_chain(L, in, false);
        return true;
    case SpvOpPtrAccessChain:
    case SpvOpInBoundsPtrAccessChain:
        access_chain(L, in, true);
        return true;
    case SpvOpCopyMemory:
    case SpvOpCopyMemorySized:
        copy_memory(L, in);
        return true;
    case SpvOpPtrEqual:
    case SpvOpPtrNotEqual: {
        uint32_t d = lower_def(L, lower_op(L, in, 2));
        lower_emit(L, HMM_OP_CMP, HMM_T_I64, in->op == SpvOpPtrEqual ? HMM_CC_EQ : HMM_CC_NE, 0, d,
                   lower_val(L, lower_op(L, in, 3)), lower_val(L, lower_op(L, in, 4)), 0, 0);
        return true;
    }
    case SpvOpPtrDiff: {
        uint32_t rt = lower_op(L, in, 1);
        uint32_t a = lower_op(L, in, 3), b = lower_op(L, in, 4);
        struct spv_type *pt = ptr_type(L, a);
        struct spv_type *et = pt ? lower_type(L, pt->elem) : NULL;
        if (!et)
            return true;
        uint32_t t = lower_temp(L), q = lower_temp(L);
        lower_emit(L, HMM_OP_SUB, HMM_T_I64, 0, 0, t, lower_val(L, a), lower_val(L, b), 0, 0);
        lower_emit(L, HMM_OP_DIV, HMM_T_I64, HMM_SIGNED, 0, q, t,
                   lower_const_temp(L, HMM_T_I64, et->size ? et->size : 1), 0, 0);
        uint8_t hty = lower_hty(L, rt);
        uint32_t d = lower_def(L, lower_op(L, in, 2));
        if (hty == HMM_T_I64)
            lower_mov(L, d, q, 1);
        else
            lower_emit(L, HMM_OP_CVT, hty, HMM_T_I64, 0, d, q, 0, 0, 0);
        return true;
    }
    default:
        return false;
    }
}
