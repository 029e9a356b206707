/* SPDX-License-Identifier: MIT */
/*
 * Lowering of arithmetic, bitwise, logical and comparison instructions,
 * component by component (vectors are scalarised: lower_internal.h).
 */
#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

/* Register of leaf @k of an operand with @n leaves (scalars broadcast). */
static uint32_t leaf_reg(uint32_t base, uint32_t n, uint32_t k)
{
    return n == 1 ? base : base + k;
}

static bool is_float(uint8_t hty)
{
    return hty == HMM_T_F16 || hty == HMM_T_F32 || hty == HMM_T_F64;
}

static uint8_t int_of(uint8_t hty)
{
    return hty == HMM_T_F16   ? HMM_T_I16
           : hty == HMM_T_F32 ? HMM_T_I32
           : hty == HMM_T_F64 ? HMM_T_I64
                              : hty;
}

struct operands {
    uint32_t d, a, b;
    uint32_t na, nb;
    uint32_t n;  /* result leaves */
    uint8_t hty; /* scalar type of the first operand */
};

static bool get_operands(struct lower *L, const struct spv_inst *in, uint32_t count,
                         struct operands *o)
{
    uint32_t rt = lower_op(L, in, 1);
    uint32_t x = lower_op(L, in, 3);
    uint32_t xt = lower_type_of(L, x);
    o->n = lower_leaves(L, rt);
    o->a = lower_val(L, x);
    o->na = lower_leaves(L, xt);
    o->hty = lower_hty(L, lower_scalar_of(L, xt));
    o->b = 0;
    o->nb = 1;
    if (count > 1) {
        uint32_t y = lower_op(L, in, 4);
        o->b = lower_val(L, y);
        o->nb = lower_leaves(L, lower_type_of(L, y));
    }
    o->d = lower_def(L, lower_op(L, in, 2));
    if (!L->err && o->hty == HMM_T_F16 && in->op != SpvOpSelect) {
        lower_fail(L, "half-precision arithmetic (%s on half) is not supported",
                   spv_opcode_name(in->op));
    }
    return !L->err;
}

static void unop(struct lower *L, const struct spv_inst *in, uint8_t op, uint8_t mod)
{
    struct operands o;
    if (!get_operands(L, in, 1, &o))
        return;
    for (uint32_t k = 0; k < o.n; k++)
        lower_emit(L, op, o.hty, mod, 0, o.d + k, leaf_reg(o.a, o.na, k), 0, 0, 0);
}

static void binop(struct lower *L, const struct spv_inst *in, uint8_t op, uint8_t mod)
{
    struct operands o;
    if (!get_operands(L, in, 2, &o))
        return;
    for (uint32_t k = 0; k < o.n; k++)
        lower_emit(L, op, o.hty, mod, 0, o.d + k, leaf_reg(o.a, o.na, k), leaf_reg(o.b, o.nb, k), 0,
                   0);
}

static void logical_not(struct lower *L, const struct spv_inst *in)
{
    struct operands o;
    if (!get_operands(L, in, 1, &o))
        return;
    uint32_t one = lower_const_temp(L, HMM_T_I8, 1);
    for (uint32_t k = 0; k < o.n; k++)
        lower_emit(L, HMM_OP_XOR, HMM_T_I8, 0, 0, o.d + k, leaf_reg(o.a, o.na, k), one, 0, 0);
}

/* Integer remainder with the sign of the divisor (OpSMod). */
static void smod(struct lower *L, const struct spv_inst *in)
{
    struct operands o;
    if (!get_operands(L, in, 2, &o))
        return;
    uint32_t zero = lower_const_temp(L, o.hty, 0);
    uint32_t r = lower_temp(L), nz = lower_temp(L), x = lower_temp(L), neg = lower_temp(L);
    uint32_t fix = lower_temp(L), s = lower_temp(L);
    for (uint32_t k = 0; k < o.n; k++) {
        uint32_t a = leaf_reg(o.a, o.na, k), b = leaf_reg(o.b, o.nb, k);
        lower_emit(L, HMM_OP_REM, o.hty, HMM_SIGNED, 0, r, a, b, 0, 0);
        lower_emit(L, HMM_OP_CMP, o.hty, HMM_CC_NE, 0, nz, r, zero, 0, 0);
        lower_emit(L, HMM_OP_XOR, o.hty, 0, 0, x, r, b, 0, 0);
        lower_emit(L, HMM_OP_CMP, o.hty, HMM_CC_LT, 0, neg, x, zero, 0, 0);
        lower_emit(L, HMM_OP_AND, HMM_T_I8, 0, 0, fix, nz, neg, 0, 0);
        lower_emit(L, HMM_OP_ADD, o.hty, 0, 0, s, r, b, 0, 0);
        lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, o.d + k, fix, s, r, 0);
    }
}

/* Float remainder with the sign of the divisor (OpFMod). */
static void fmod_divisor_sign(struct lower *L, const struct spv_inst *in)
{
    struct operands o;
    if (!get_operands(L, in, 2, &o))
        return;
    uint8_t it = int_of(o.hty);
    uint32_t fzero = lower_const_temp(L, o.hty, 0), izero = lower_const_temp(L, it, 0);
    uint32_t r = lower_temp(L), nz = lower_temp(L), x = lower_temp(L), neg = lower_temp(L);
    uint32_t fix = lower_temp(L), s = lower_temp(L);
    for (uint32_t k = 0; k < o.n; k++) {
        uint32_t a = leaf_reg(o.a, o.na, k), b = leaf_reg(o.b, o.nb, k);
        lower_emit(L, HMM_OP_REM, o.hty, 0, 0, r, a, b, 0, 0);
        lower_emit(L, HMM_OP_CMP, o.hty, HMM_CC_NE, 0, nz, r, fzero, 0, 0);
        lower_emit(L, HMM_OP_XOR, it, 0, 0, x, r, b, 0, 0);
        lower_emit(L, HMM_OP_CMP, it, HMM_CC_LT, 0, neg, x, izero, 0, 0);
        lower_emit(L, HMM_OP_AND, HMM_T_I8, 0, 0, fix, nz, neg, 0, 0);
        lower_emit(L, HMM_OP_ADD, o.hty, 0, 0, s, r, b, 0, 0);
        lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, o.d + k, fix, s, r, 0);
    }
}

static uint64_t float_bits(uint8_t hty, double v)
{
    if (hty == HMM_T_F32) {
        union {
            float f;
            uint32_t u;
        } c = {.f = (float)v};
        return c.u;
    }
    union {
        double f;
        uint64_t u;
    } c = {.f = v};
    return c.u;
}

/* OpIsNan, OpIsInf, OpIsFinite, OpIsNormal, OpSignBitSet. */
static void classify(struct lower *L, const struct spv_inst *in)
{
    struct operands o;
    if (!get_operands(L, in, 1, &o))
        return;
    uint8_t t = o.hty;
    if (!is_float(t)) {
        lower_fail(L, "%s on a non-float", spv_opcode_name(in->op));
        return;
    }
    uint64_t inf = t == HMM_T_F32 ? 0x7f800000u : 0x7ff0000000000000ull;
    uint64_t minnorm = t == HMM_T_F32 ? 0x00800000u : 0x0010000000000000ull;
    uint32_t x = lower_temp(L), c = lower_temp(L);
    uint32_t kinf = lower_const_temp(L, t, inf);
    uint32_t kmin = in->op == SpvOpIsNormal ? lower_const_temp(L, t, minnorm) : 0;
    uint32_t kshift =
        in->op == SpvOpSignBitSet ? lower_const_temp(L, int_of(t), t == HMM_T_F32 ? 31 : 63) : 0;
    for (uint32_t k = 0; k < o.n; k++) {
        uint32_t a = leaf_reg(o.a, o.na, k), d = o.d + k;
        switch (in->op) {
        case SpvOpIsNan:
            lower_emit(L, HMM_OP_CMP, t, HMM_CC_UNO, 0, d, a, a, 0, 0);
            break;
        case SpvOpIsInf:
            lower_emit(L, HMM_OP_ABS, t, 0, 0, x, a, 0, 0, 0);
            lower_emit(L, HMM_OP_CMP, t, HMM_CC_EQ, 0, d, x, kinf, 0, 0);
            break;
        case SpvOpIsFinite:
            lower_emit(L, HMM_OP_ABS, t, 0, 0, x, a, 0, 0, 0);
            lower_emit(L, HMM_OP_CMP, t, HMM_CC_LT, 0, d, x, kinf, 0, 0);
            break;
        case SpvOpIsNormal:
            lower_emit(L, HMM_OP_ABS, t, 0, 0, x, a, 0, 0, 0);
            lower_emit(L, HMM_OP_CMP, t, HMM_CC_LT, 0, c, x, kinf, 0, 0);
            lower_emit(L, HMM_OP_CMP, t, HMM_CC_GE, 0, x, x, kmin, 0, 0);
            lower_emit(L, HMM_OP_AND, HMM_T_I8, 0, 0, d, x, c, 0, 0);
            break;
        default: /* SignBitSet */
            lower_emit(L, HMM_OP_SHR, int_of(t), 0, 0, d, a, kshift, 0, 0);
            break;
        }
    }
}

static void any_all(struct lower *L, const struct spv_inst *in)
{
    uint32_t v = lower_op(L, in, 3);
    uint32_t n = lower_leaves(L, lower_type_of(L, v));
    uint32_t a = lower_val(L, v);
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    lower_mov(L, d, a, 1);
    for (uint32_t k = 1; k < n; k++)
        lower_emit(L, in->op == SpvOpAny ? HMM_OP_OR : HMM_OP_AND, HMM_T_I8, 0, 0, d, d, a + k, 0,
                   0);
}

static void select_op(struct lower *L, const struct spv_inst *in)
{
    uint32_t rt = lower_op(L, in, 1);
    uint32_t c = lower_op(L, in, 3), x = lower_op(L, in, 4), y = lower_op(L, in, 5);
    uint32_t n = lower_leaves(L, rt);
    uint32_t nc = lower_leaves(L, lower_type_of(L, c));
    uint32_t rc = lower_val(L, c), rx = lower_val(L, x), ry = lower_val(L, y);
    uint32_t d = lower_def(L, lower_op(L, in, 2));
    if (L->err)
        return;
    for (uint32_t k = 0; k < n; k++)
        lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, d + k, leaf_reg(rc, nc, k), rx + k, ry + k,
                   0);
}

static void dot(struct lower *L, const struct spv_inst *in)
{
    struct operands o;
    if (!get_operands(L, in, 2, &o))
        return;
    uint32_t t = lower_temp(L);
    lower_emit(L, HMM_OP_MUL, o.hty, 0, 0, o.d, o.a, o.b, 0, 0);
    for (uint32_t k = 1; k < o.na; k++) {
        lower_emit(L, HMM_OP_MUL, o.hty, 0, 0, t, o.a + k, o.b + k, 0, 0);
        lower_emit(L, HMM_OP_ADD, o.hty, 0, 0, o.d, o.d, t, 0, 0);
    }
}

bool lower_arith(struct lower *L, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpIAdd:
    case SpvOpFAdd:
        binop(L, in, HMM_OP_ADD, 0);
        return true;
    case SpvOpISub:
    case SpvOpFSub:
        binop(L, in, HMM_OP_SUB, 0);
        return true;
    case SpvOpIMul:
    case SpvOpFMul:
    case SpvOpVectorTimesScalar:
        binop(L, in, HMM_OP_MUL, 0);
        return true;
    case SpvOpUDiv:
    case SpvOpFDiv:
        binop(L, in, HMM_OP_DIV, 0);
        return true;
    case SpvOpSDiv:
        binop(L, in, HMM_OP_DIV, HMM_SIGNED);
        return true;
    case SpvOpUMod:
    case SpvOpFRem:
        binop(L, in, HMM_OP_REM, 0);
        return true;
    case SpvOpSRem:
        binop(L, in, HMM_OP_REM, HMM_SIGNED);
        return true;
    case SpvOpSMod:
        smod(L, in);
        return true;
    case SpvOpFMod:
        fmod_divisor_sign(L, in);
        return true;
    case SpvOpSNegate:
    case SpvOpFNegate:
        unop(L, in, HMM_OP_NEG, 0);
        return true;
    case SpvOpNot:
        unop(L, in, HMM_OP_NOT, 0);
        return true;
    case SpvOpBitCount:
        unop(L, in, HMM_OP_POPCNT, 0);
        return true;
    case SpvOpBitwiseAnd:
    case SpvOpLogicalAnd:
        binop(L, in, HMM_OP_AND, 0);
        return true;
    case SpvOpBitwiseOr:
    case SpvOpLogicalOr:
        binop(L, in, HMM_OP_OR, 0);
        return true;
    case SpvOpBitwiseXor:
        binop(L, in, HMM_OP_XOR, 0);
        return true;
    case SpvOpLogicalNot:
        logical_not(L, in);
        return true;
    case SpvOpShiftLeftLogical:
        binop(L, in, HMM_OP_SHL, 0);
        return true;
    case SpvOpShiftRightLogical:
        binop(L, in, HMM_OP_SHR, 0);
        return true;
    case SpvOpShiftRightArithmetic:
        binop(L, in, HMM_OP_SHR, HMM_SIGNED);
        return true;
    case SpvOpIEqual:
    case SpvOpLogicalEqual:
    case SpvOpFOrdEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_EQ);
        return true;
    case SpvOpINotEqual:
    case SpvOpLogicalNotEqual:
    case SpvOpFOrdNotEqual:
    case SpvOpLessOrGreater:
        binop(L, in, HMM_OP_CMP, HMM_CC_NE);
        return true;
    case SpvOpSLessThan:
    case SpvOpFOrdLessThan:
        binop(L, in, HMM_OP_CMP, HMM_CC_LT);
        return true;
    case SpvOpSLessThanEqual:
    case SpvOpFOrdLessThanEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_LE);
        return true;
    case SpvOpSGreaterThan:
    case SpvOpFOrdGreaterThan:
        binop(L, in, HMM_OP_CMP, HMM_CC_GT);
        return true;
    case SpvOpSGreaterThanEqual:
    case SpvOpFOrdGreaterThanEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_GE);
        return true;
    case SpvOpULessThan:
    case SpvOpFUnordLessThan:
        binop(L, in, HMM_OP_CMP, HMM_CC_ULT);
        return true;
    case SpvOpULessThanEqual:
    case SpvOpFUnordLessThanEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_ULE);
        return true;
    case SpvOpUGreaterThan:
    case SpvOpFUnordGreaterThan:
        binop(L, in, HMM_OP_CMP, HMM_CC_UGT);
        return true;
    case SpvOpUGreaterThanEqual:
    case SpvOpFUnordGreaterThanEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_UGE);
        return true;
    case SpvOpFUnordEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_UEQ);
        return true;
    case SpvOpFUnordNotEqual:
        binop(L, in, HMM_OP_CMP, HMM_CC_UNE);
        return true;
    case SpvOpOrdered:
        binop(L, in, HMM_OP_CMP, HMM_CC_ORD);
        return true;
    case SpvOpUnordered:
        binop(L, in, HMM_OP_CMP, HMM_CC_UNO);
        return true;
    case SpvOpIsNan:
    case SpvOpIsInf:
    case SpvOpIsFinite:
    case SpvOpIsNormal:
    case SpvOpSignBitSet:
        classify(L, in);
        return true;
    case SpvOpAny:
    case SpvOpAll:
        any_all(L, in);
        return true;
    case SpvOpSelect:
        select_op(L, in);
        return true;
    case SpvOpDot:
        dot(L, in);
        return true;
    default:
        return false;
    }
}

uint64_t lower_float_bits(uint8_t hty, double v)
{
    return float_bits(hty, v);
}
