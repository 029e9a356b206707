/* SPDX-License-Identifier: MIT */
/*
 * Lowering of atomics, barriers and fences. Scope and memory-semantics
 * operands must be constants (OpenCL C always produces constants).
 */
#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

static uint32_t scope_of(struct lower *L, uint32_t id)
{
    if (!lower_is_const(L, id)) {
        lower_fail(L, "scope operand %%%u is not a constant", id);
        return 0;
    }
    switch (lower_const_value(L, id)) {
    case SpvScopeCrossDevice:
        return HMM_SCOPE_ALL_SVM_DEVICES;
    case SpvScopeDevice:
        return HMM_SCOPE_DEVICE;
    case SpvScopeWorkgroup:
        return HMM_SCOPE_WORK_GROUP;
    case SpvScopeSubgroup:
        return HMM_SCOPE_SUB_GROUP;
    case SpvScopeInvocation:
        return HMM_SCOPE_WORK_ITEM;
    default:
        lower_fail(L, "unknown scope %llu", (unsigned long long)lower_const_value(L, id));
        return 0;
    }
}

/* OpControlBarrier's execution scope: barrier() or sub_group_barrier(). */
static uint8_t exec_scope_of(struct lower *L, uint32_t id)
{
    uint32_t s = scope_of(L, id);
    if (s == HMM_SCOPE_SUB_GROUP)
        return HMM_EXEC_SUB_GROUP;
    if (s != HMM_SCOPE_WORK_GROUP && !L->err)
        lower_fail(L, "control barrier with execution scope other than Workgroup or Subgroup");
    return HMM_EXEC_WORK_GROUP;
}

static uint32_t semantics_of(struct lower *L, uint32_t id)
{
    if (!lower_is_const(L, id)) {
        lower_fail(L, "memory semantics operand %%%u is not a constant", id);
        return 0;
    }
    return (uint32_t)lower_const_value(L, id);
}

static uint32_t order_of(uint32_t sem)
{
    if (sem & SpvMemorySemanticsSequentiallyConsistentMask)
        return HMM_ORDER_SEQ_CST;
    if ((sem & SpvMemorySemanticsAcquireReleaseMask) ||
        ((sem & SpvMemorySemanticsAcquireMask) && (sem & SpvMemorySemanticsReleaseMask)))
        return HMM_ORDER_ACQ_REL;
    if (sem & SpvMemorySemanticsAcquireMask)
        return HMM_ORDER_ACQUIRE;
    if (sem & SpvMemorySemanticsReleaseMask)
        return HMM_ORDER_RELEASE;
    return HMM_ORDER_RELAXED;
}

/* FENCE/BARRIER space mask of memory semantics. */
static uint8_t spaces_of(uint32_t sem)
{
    uint8_t f = 0;
    if (sem & SpvMemorySemanticsWorkgroupMemoryMask)
        f |= 1u << HMM_SPACE_LOCAL;
    if (sem & SpvMemorySemanticsCrossWorkgroupMemoryMask)
        f |= 1u << HMM_SPACE_GLOBAL;
    return f;
}

static int32_t imm_of(struct lower *L, uint32_t scope_id, uint32_t sem_id)
{
    uint32_t sem = semantics_of(L, sem_id);
    return (int32_t)(order_of(sem) | scope_of(L, scope_id) << 4);
}

static uint8_t atomic_space(struct lower *L, uint32_t ptr)
{
    uint32_t tid = lower_type_of(L, ptr);
    struct spv_type *t = L->err ? NULL : lower_type(L, tid);
    if (!t || t->kind != SPV_T_POINTER) {
        lower_fail(L, "atomic operand %%%u is not a pointer", ptr);
        return HMM_SPACE_GLOBAL;
    }
    uint8_t s = lower_space(L, t->storage);
    if (s == HMM_SPACE_CONSTANT)
        lower_fail(L, "atomic on the constant address space");
    return s;
}

/* I32 or I64; floats (atomic_xchg, atomic_load/store on atomic_float) move as their bits. */
static uint8_t atomic_type(struct lower *L, uint32_t tid)
{
    uint8_t h = lower_hty(L, tid);
    if (h == HMM_T_F32)
        h = HMM_T_I32;
    else if (h == HMM_T_F64)
        h = HMM_T_I64;
    if (h != HMM_T_I32 && h != HMM_T_I64)
        lower_fail(L, "atomics on this type are not supported (32- and 64-bit integers only)");
    return h;
}

bool lower_atomic(struct lower *L, const struct spv_inst *in)
{
    uint8_t aop;
    switch (in->op) {
    case SpvOpControlBarrier:
    case SpvOpMemoryBarrier: {
        bool barrier = in->op == SpvOpControlBarrier;
        uint32_t scope = lower_op(L, in, barrier ? 2 : 1);
        uint32_t sem = lower_op(L, in, barrier ? 3 : 2);
        uint8_t mod = 0;
        if (barrier)
            mod = exec_scope_of(L, lower_op(L, in, 1));
        int32_t imm = imm_of(L, scope, sem);
        lower_emit(L, barrier ? HMM_OP_BARRIER : HMM_OP_FENCE, HMM_T_NONE, mod,
                   spaces_of(semantics_of(L, sem)), 0, 0, 0, 0, imm);
        return true;
    }
    case SpvOpAtomicStore: {
        uint32_t p = lower_op(L, in, 1), v = lower_op(L, in, 4);
        uint8_t ty = atomic_type(L, lower_type_of(L, v));
        uint8_t space = atomic_space(L, p);
        int32_t imm = imm_of(L, lower_op(L, in, 2), lower_op(L, in, 3));
        lower_emit(L, HMM_OP_ATOMIC, ty, space, HMM_ATOMIC_STORE, lower_temp(L), lower_val(L, p),
                   lower_val(L, v), 0, imm);
        return true;
    }
    case SpvOpAtomicFlagClear: {
        uint32_t p = lower_op(L, in, 1);
        uint8_t space = atomic_space(L, p);
        int32_t imm = imm_of(L, lower_op(L, in, 2), lower_op(L, in, 3));
        lower_emit(L, HMM_OP_ATOMIC, HMM_T_I32, space, HMM_ATOMIC_STORE, lower_temp(L),
                   lower_val(L, p), lower_const_temp(L, HMM_T_I32, 0), 0, imm);
        return true;
    }
    case SpvOpAtomicFlagTestAndSet: {
        uint32_t p = lower_op(L, in, 3);
        uint8_t space = atomic_space(L, p);
        int32_t imm = imm_of(L, lower_op(L, in, 4), lower_op(L, in, 5));
        uint32_t old = lower_temp(L);
        lower_emit(L, HMM_OP_ATOMIC, HMM_T_I32, space, HMM_ATOMIC_XCHG, old, lower_val(L, p),
                   lower_const_temp(L, HMM_T_I32, 1), 0, imm);
        lower_emit(L, HMM_OP_CMP, HMM_T_I32, HMM_CC_NE, 0, lower_def(L, lower_op(L, in, 2)), old,
                   lower_const_temp(L, HMM_T_I32, 0), 0, 0);
        return true;
    }
    case SpvOpAtomicLoad:
        aop = HMM_ATOMIC_LOAD;
        break;
    case SpvOpAtomicExchange:
        aop = HMM_ATOMIC_XCHG;
        break;
    case SpvOpAtomicCompareExchange:
    case SpvOpAtomicCompareExchangeWeak:
        aop = HMM_ATOMIC_CMPXCHG;
        break;
    case SpvOpAtomicIIncrement:
    case SpvOpAtomicIAdd:
        aop = HMM_ATOMIC_ADD;
        break;
    case SpvOpAtomicIDecrement:
    case SpvOpAtomicISub:
        aop = HMM_ATOMIC_SUB;
        break;
    case SpvOpAtomicSMin:
        aop = HMM_ATOMIC_SMIN;
        break;
    case SpvOpAtomicUMin:
        aop = HMM_ATOMIC_UMIN;
        break;
    case SpvOpAtomicSMax:
        aop = HMM_ATOMIC_SMAX;
        break;
    case SpvOpAtomicUMax:
        aop = HMM_ATOMIC_UMAX;
        break;
    case SpvOpAtomicAnd:
        aop = HMM_ATOMIC_AND;
        break;
    case SpvOpAtomicOr:
        aop = HMM_ATOMIC_OR;
        break;
    case SpvOpAtomicXor:
        aop = HMM_ATOMIC_XOR;
        break;
    default:
        return false;
    }
    uint32_t rt = lower_op(L, in, 1), p = lower_op(L, in, 3);
    uint8_t ty = atomic_type(L, rt);
    uint8_t space = atomic_space(L, p);
    int32_t imm = imm_of(L, lower_op(L, in, 4), lower_op(L, in, 5));
    uint32_t b = 0, c = 0;
    switch (in->op) {
    case SpvOpAtomicLoad:
        break;
    case SpvOpAtomicIIncrement:
    case SpvOpAtomicIDecrement:
        b = lower_const_temp(L, ty, 1);
        break;
    case SpvOpAtomicCompareExchange:
    case SpvOpAtomicCompareExchangeWeak:
        b = lower_val(L, lower_op(L, in, 7));
        c = lower_val(L, lower_op(L, in, 8));
        break;
    default:
        b = lower_val(L, lower_op(L, in, 6));
        break;
    }
    lower_emit(L, HMM_OP_ATOMIC, ty, space, aop, lower_def(L, lower_op(L, in, 2)), lower_val(L, p),
               b, c, imm);
    return true;
}
