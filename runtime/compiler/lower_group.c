/* SPDX-License-Identifier: MIT */
/*
 * Lowering of the work-group and sub-group functions: OpGroupAll/Any/
 * Broadcast and the OpGroup* reductions and scans become GROUP instructions
 * (one per scalar leaf); OpGroupAsyncCopy a loop in which each work-item
 * copies every lanes-th element, OpGroupWaitEvents a work-group barrier,
 * and OpenCL.std prefetch nothing (a hint).
 *
 * The copy is done by the time async_work_group_copy returns in each
 * work-item, but only for that work-item's share: the barrier of
 * wait_group_events is what makes the whole copy visible to every
 * work-item, as the OpenCL C specification requires of a program anyway.
 */
#include <spirv/unified1/OpenCL.std.h>

#include "compiler/lower_internal.h"

static uint8_t exec_scope(struct lower *L, uint32_t id)
{
    if (!lower_is_const(L, id)) {
        lower_fail(L, "execution scope operand %%%u is not a constant", id);
        return 0;
    }
    switch (lower_const_value(L, id)) {
    case SpvScopeWorkgroup:
        return HMM_EXEC_WORK_GROUP;
    case SpvScopeSubgroup:
        return HMM_EXEC_SUB_GROUP;
    default:
        lower_fail(L, "group operation with execution scope %llu (only Workgroup and Subgroup)",
                   (unsigned long long)lower_const_value(L, id));
        return 0;
    }
}

/* The hmm type of leaf @k of @tid, which a GROUP instruction must accept. */
static uint8_t group_type(struct lower *L, uint32_t tid, uint32_t k)
{
    uint32_t off;
    uint8_t h = lower_hty(L, lower_leaf(L, tid, k, &off));
    if (h == HMM_T_F16)
        lower_fail(L, "work-group and sub-group functions on half are not supported");
    return h;
}

/* Linear index of the broadcast source: a scalar, or (x, y[, z]) in this group's sizes. */
static uint32_t broadcast_index(struct lower *L, uint32_t id)
{
    uint32_t n = lower_leaves(L, lower_type_of(L, id)), v = lower_val(L, id);
    if (n == 1 || L->err)
        return v;
    if (n > 3) {
        lower_fail(L, "broadcast with a %u-component local id", n);
        return v;
    }
    /* Components are size_t (canonical zero-extended), so I64 arithmetic is exact. */
    uint32_t lin = lower_temp(L), stride = lower_temp(L), t = lower_temp(L);
    lower_mov(L, lin, v, 1);
    lower_emit(L, HMM_OP_WI, HMM_T_I64, 0, 0, stride, 0, 0, 0, HMM_WI_LOCAL_SIZE);
    lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, t, v + 1, stride, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, lin, lin, t, 0, 0);
    if (n == 3) {
        uint32_t ls1 = lower_temp(L);
        lower_emit(L, HMM_OP_WI, HMM_T_I64, 1, 0, ls1, 0, 0, 0, HMM_WI_LOCAL_SIZE);
        lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, stride, stride, ls1, 0, 0);
        lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, t, v + 2, stride, 0, 0);
        lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, lin, lin, t, 0, 0);
    }
    return lin;
}

static void group_op(struct lower *L, const struct spv_inst *in, uint8_t gop, int32_t sgn)
{
    uint32_t rt = lower_op(L, in, 1), res = lower_op(L, in, 2);
    uint8_t mod = exec_scope(L, lower_op(L, in, 3));
    uint32_t kind = lower_op(L, in, 4), x = lower_op(L, in, 5);
    if (L->err)
        return;
    if (kind > SpvGroupOperationExclusiveScan) {
        lower_fail(L, "group operation %u is not supported (Reduce, InclusiveScan, ExclusiveScan)",
                   kind);
        return;
    }
    /* SpvGroupOperation Reduce/InclusiveScan/ExclusiveScan are enum hmm_group_kind's values. */
    uint32_t n = lower_leaves(L, rt), d = lower_def(L, res), a = lower_val(L, x);
    for (uint32_t k = 0; k < n && !L->err; k++) {
        uint8_t h = group_type(L, rt, k);
        int32_t s = (gop != HMM_GROUP_ADD && h != HMM_T_F32 && h != HMM_T_F64) ? sgn : 0;
        lower_emit(L, HMM_OP_GROUP, h, mod, gop, d + k, a + k, 0, 0, (int32_t)kind | s);
    }
}

/* Emit a branch to be patched; returns its index. */
static uint32_t branch(struct lower *L, uint8_t op, uint32_t cond)
{
    return lower_emit(L, op, HMM_T_NONE, 0, 0, 0, cond, 0, 0, 0);
}

static void patch(struct lower *L, uint32_t insn, uint32_t target)
{
    struct hmm_insn *p = hmm_builder_insn(L->b, insn);
    if (p)
        p->imm = (int32_t)target;
}

static uint8_t ptr_space(struct lower *L, uint32_t ptr, uint32_t *elem)
{
    uint32_t tid = lower_type_of(L, ptr);
    struct spv_type *t = L->err ? NULL : lower_type(L, tid);
    if (!t || t->kind != SPV_T_POINTER) {
        lower_fail(L, "async copy operand %%%u is not a pointer", ptr);
        return HMM_SPACE_GLOBAL;
    }
    *elem = t->elem;
    return lower_space(L, t->storage);
}

/*
 * OpGroupAsyncCopy: lane i copies elements i, i + lanes, ... The stride
 * applies to the global side: local[i] = global[i * stride] or
 * global[i * stride] = local[i].
 */
static void async_copy(struct lower *L, const struct spv_inst *in)
{
    uint32_t res = lower_op(L, in, 2), dst = lower_op(L, in, 4), src = lower_op(L, in, 5);
    uint32_t num = lower_op(L, in, 6), stride = lower_op(L, in, 7);
    uint32_t elem = 0, selem = 0;
    if (exec_scope(L, lower_op(L, in, 3)) != HMM_EXEC_WORK_GROUP && !L->err)
        lower_fail(L, "async copy with sub-group scope is not supported");
    uint8_t dspace = ptr_space(L, dst, &elem), sspace = ptr_space(L, src, &selem);
    struct spv_type *et = L->err ? NULL : lower_type(L, elem);
    if (!et)
        return;
    if (dspace == HMM_SPACE_CONSTANT) {
        lower_fail(L, "async copy into the constant address space");
        return;
    }
    uint32_t es = et->size, chunk = 8;
    while (chunk > 1 && es % chunk)
        chunk >>= 1;
    if (!es) {
        lower_fail(L, "async copy of elements without size");
        return;
    }
    uint8_t cty = chunk == 8   ? HMM_T_I64
                  : chunk == 4 ? HMM_T_I32
                  : chunk == 2 ? HMM_T_I16
                               : HMM_T_I8;
    bool to_local = dspace == HMM_SPACE_LOCAL;

    uint32_t i = lower_temp(L), lanes = lower_temp(L), t = lower_temp(L), n = lower_temp(L);
    uint32_t st = lower_temp(L), c = lower_temp(L), sa = lower_temp(L), da = lower_temp(L);
    uint32_t v = lower_temp(L), esz = lower_temp(L);
    /* Counts and strides are size_t; a 32-bit one is canonical zero-extended. */
    lower_mov(L, n, lower_val(L, num), 1);
    lower_mov(L, st, lower_val(L, stride), 1);
    lower_emit(L, HMM_OP_WI, HMM_T_I64, 0, 0, i, 0, 0, 0, HMM_WI_LOCAL_LINEAR_ID);
    lower_emit(L, HMM_OP_WI, HMM_T_I64, 0, 0, lanes, 0, 0, 0, HMM_WI_LOCAL_SIZE);
    for (uint8_t dim = 1; dim < 3; dim++) {
        lower_emit(L, HMM_OP_WI, HMM_T_I64, dim, 0, t, 0, 0, 0, HMM_WI_LOCAL_SIZE);
        lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, lanes, lanes, t, 0, 0);
    }
    lower_emit(L, HMM_OP_MOVI, HMM_T_I64, 0, 0, esz, 0, 0, 0, (int32_t)es);
    uint32_t lbase = lower_val(L, to_local ? dst : src), gbase = lower_val(L, to_local ? src : dst);
    uint32_t head = hmm_builder_here(L->b);
    lower_emit(L, HMM_OP_CMP, HMM_T_I64, HMM_CC_UGE, 0, c, i, n, 0, 0);
    uint32_t exit_br = branch(L, HMM_OP_BRC, c);
    /* Element i on the local side, i * stride on the global side. */
    lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, t, i, esz, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, to_local ? da : sa, lbase, t, 0, 0);
    lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, t, t, st, 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, to_local ? sa : da, gbase, t, 0, 0);
    for (uint32_t off = 0; off < es; off += chunk) {
        lower_emit(L, HMM_OP_LD, cty, sspace, 0, v, sa, 0, 0, (int32_t)off);
        lower_emit(L, HMM_OP_ST, cty, dspace, 0, 0, da, v, 0, (int32_t)off);
    }
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, i, i, lanes, 0, 0);
    uint32_t back = branch(L, HMM_OP_BR, 0);
    patch(L, back, head);
    patch(L, exit_br, hmm_builder_here(L->b));
    lower_emit(L, HMM_OP_MOVI, HMM_T_I64, 0, 0, lower_def(L, res), 0, 0, 0, 0);
}

bool lower_group(struct lower *L, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpGroupAll:
    case SpvOpGroupAny: {
        uint8_t mod = exec_scope(L, lower_op(L, in, 3));
        uint32_t a = lower_val(L, lower_op(L, in, 4));
        lower_emit(L, HMM_OP_GROUP, HMM_T_I8, mod,
                   in->op == SpvOpGroupAll ? HMM_GROUP_ALL : HMM_GROUP_ANY,
                   lower_def(L, lower_op(L, in, 2)), a, 0, 0, 0);
        return true;
    }
    case SpvOpGroupBroadcast: {
        uint32_t rt = lower_op(L, in, 1);
        uint8_t mod = exec_scope(L, lower_op(L, in, 3));
        uint32_t a = lower_val(L, lower_op(L, in, 4));
        uint32_t idx = broadcast_index(L, lower_op(L, in, 5));
        uint32_t n = lower_leaves(L, rt), d = lower_def(L, lower_op(L, in, 2));
        for (uint32_t k = 0; k < n && !L->err; k++)
            lower_emit(L, HMM_OP_GROUP, group_type(L, rt, k), mod, HMM_GROUP_BROADCAST, d + k,
                       a + k, idx, 0, 0);
        return true;
    }
    case SpvOpGroupIAdd:
    case SpvOpGroupFAdd:
        group_op(L, in, HMM_GROUP_ADD, 0);
        return true;
    case SpvOpGroupFMin:
    case SpvOpGroupUMin:
        group_op(L, in, HMM_GROUP_MIN, 0);
        return true;
    case SpvOpGroupSMin:
        group_op(L, in, HMM_GROUP_MIN, HMM_GROUP_SIGNED);
        return true;
    case SpvOpGroupFMax:
    case SpvOpGroupUMax:
        group_op(L, in, HMM_GROUP_MAX, 0);
        return true;
    case SpvOpGroupSMax:
        group_op(L, in, HMM_GROUP_MAX, HMM_GROUP_SIGNED);
        return true;
    case SpvOpGroupAsyncCopy:
        async_copy(L, in);
        return true;
    case SpvOpGroupWaitEvents: {
        uint8_t mod = exec_scope(L, lower_op(L, in, 1));
        uint8_t spaces = (1u << HMM_SPACE_LOCAL) | (1u << HMM_SPACE_GLOBAL);
        lower_emit(L, HMM_OP_BARRIER, HMM_T_NONE, mod, spaces, 0, 0, 0, 0,
                   HMM_ORDER_ACQ_REL | HMM_SCOPE_WORK_GROUP << 4);
        return true;
    }
    case SpvOpExtInst:
        /* prefetch is only a hint; every other extended instruction is lower_extinst's. */
        if (in->nw >= 5 && L->m->ocl_std && in->w[3] == L->m->ocl_std &&
            in->w[4] == OpenCLstd_Prefetch)
            return true;
        return false;
    default:
        return false;
    }
}
