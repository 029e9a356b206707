/* SPDX-License-Identifier: MIT */
/*
 * Constant expressions (OpSpecConstantOp): program-scope initialisers such
 * as `__constant int *p = &tab[2];`, `__global long a = (long)&g + 4;` or
 * `(__constant char *)&tab + 3`, which llvm-spirv-15 emits as
 * OpSpecConstantOp of an access chain, a bitcast, a generic cast, a
 * pointer-to-integer conversion or integer arithmetic.
 *
 * lower_fold_constants() evaluates every one before anything is laid out,
 * in declaration order (spirv_module.c puts operands first). A value is an
 * integer, or an address constant: the address of a module-scope variable
 * plus a byte offset (struct spv_const.addr_var). Integers become ordinary
 * scalar constants; address constants become data-segment relocations in
 * initialisers and DATA_ADDR in code (spirv_lower.c). What an address
 * cannot be (multiplied, truncated, added to another address) fails the
 * build with the operation named.
 */
#include <stdio.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

struct cval {
    uint64_t bits;
    uint32_t var; /* nonzero: the address of this variable, plus @bits */
};

static uint64_t width_mask(uint32_t width)
{
    return width >= 64 ? ~0ull : (1ull << width) - 1;
}

static uint64_t sign_extend(uint64_t v, uint32_t width)
{
    if (width >= 64 || !width)
        return v;
    uint64_t sign = 1ull << (width - 1);
    return ((v & width_mask(width)) ^ sign) - sign;
}

/* Bit width of a value of type @tid: integers their width, pointers 64, bool 1. */
static uint32_t value_width(struct lower *L, uint32_t tid)
{
    struct spv_type *t = lower_type(L, tid);
    if (!t)
        return 64;
    switch (t->kind) {
    case SPV_T_INT:
    case SPV_T_FLOAT:
        return t->width;
    case SPV_T_BOOL:
        return 1;
    default:
        return 64;
    }
}

static bool fold(struct lower *L, uint32_t id, struct cval *out, unsigned depth);

/* The value of scalar constant operand @id. */
static bool operand(struct lower *L, uint32_t id, struct cval *out, unsigned depth)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e) {
        lower_fail(L, "constant expression: operand %%%u out of range", id);
        return false;
    }
    switch (e->kind) {
    case SPV_ID_UNDEF:
        *out = (struct cval){0, 0};
        return true;
    case SPV_ID_VAR:
        *out = (struct cval){0, id};
        return true;
    case SPV_ID_CONST:
        if (e->c->spec_op)
            return fold(L, id, out, depth + 1);
        if (e->c->parts) {
            lower_fail(L, "constant expression: composite operand %%%u", id);
            return false;
        }
        *out = (struct cval){e->c->null ? 0 : e->c->bits, e->c->addr_var};
        return true;
    default:
        lower_fail(L, "constant expression: %%%u is not a constant", id);
        return false;
    }
}

/* The byte offset an access chain's indices @idx[@n] add, from a pointer to type @tid. */
static bool chain_offset(struct lower *L, uint32_t tid, const uint32_t *idx, uint32_t n,
                         bool ptr_chain, uint64_t *offset, unsigned depth)
{
    uint64_t off = 0;
    for (uint32_t i = 0; i < n; i++) {
        struct cval v;
        if (!operand(L, idx[i], &v, depth))
            return false;
        if (v.var) {
            lower_fail(L, "constant expression: an address used as an index");
            return false;
        }
        int64_t k = (int64_t)sign_extend(v.bits, value_width(L, lower_type_of(L, idx[i])));
        struct spv_type *t = lower_type(L, tid);
        if (!t)
            return false;
        if (ptr_chain && i == 0) {
            /* the element index of the pointer itself */
            off += (uint64_t)k * t->size;
            continue;
        }
        switch (t->kind) {
        case SPV_T_STRUCT:
            if (k < 0 || (uint64_t)k >= t->count) {
                lower_fail(L, "constant expression: member %lld of a %u-member struct",
                           (long long)k, t->count);
                return false;
            }
            off += t->offsets[k];
            tid = t->members[k];
            break;
        case SPV_T_ARRAY:
        case SPV_T_VECTOR: {
            struct spv_type *et = lower_type(L, t->elem);
            if (!et)
                return false;
            off += (uint64_t)k * et->size;
            tid = t->elem;
            break;
        }
        default:
            lower_fail(L, "constant expression: access chain into a scalar");
            return false;
        }
    }
    *offset = off;
    return true;
}

/* Integer operation @op of @a and @b at @width bits (signedness from the opcode). */
static bool int_op(struct lower *L, uint32_t op, uint64_t a, uint64_t b, uint32_t width,
                   uint64_t *r)
{
    int64_t sa = (int64_t)sign_extend(a, width), sb = (int64_t)sign_extend(b, width);
    uint64_t ua = a & width_mask(width), ub = b & width_mask(width);
    switch (op) {
    case SpvOpIAdd:
        *r = a + b;
        return true;
    case SpvOpISub:
        *r = a - b;
        return true;
    case SpvOpIMul:
        *r = a * b;
        return true;
    case SpvOpShiftLeftLogical:
        *r = ub < width ? a << ub : 0;
        return true;
    case SpvOpShiftRightLogical:
        *r = ub < width ? ua >> ub : 0;
        return true;
    case SpvOpShiftRightArithmetic:
        *r = (uint64_t)(ub < width ? sa >> ub : (sa < 0 ? -1 : 0));
        return true;
    case SpvOpBitwiseOr:
        *r = a | b;
        return true;
    case SpvOpBitwiseXor:
        *r = a ^ b;
        return true;
    case SpvOpBitwiseAnd:
        *r = a & b;
        return true;
    case SpvOpUDiv:
    case SpvOpUMod:
    case SpvOpSDiv:
    case SpvOpSRem:
    case SpvOpSMod:
        if (!ub) {
            lower_fail(L, "constant expression: division by zero");
            return false;
        }
        if (op == SpvOpUDiv)
            *r = ua / ub;
        else if (op == SpvOpUMod)
            *r = ua % ub;
        else if (sb == -1) /* INT_MIN / -1 wraps, the remainder is 0 */
            *r = op == SpvOpSDiv ? (uint64_t)0 - ua : 0;
        else if (op == SpvOpSDiv)
            *r = (uint64_t)(sa / sb);
        else if (op == SpvOpSRem)
            *r = (uint64_t)(sa % sb);
        else
            *r = (uint64_t)(((sa % sb) + sb) % sb);
        return true;
    default:
        return false;
    }
}

static bool fold(struct lower *L, uint32_t id, struct cval *out, unsigned depth)
{
    struct spv_id *e = &L->m->ids[id];
    struct spv_const *c = e->c;
    if (!c->spec_op) {
        *out = (struct cval){c->bits, c->addr_var};
        return true;
    }
    if (depth > 64) {
        lower_fail(L, "constant expression %%%u nested too deeply", id);
        return false;
    }
    uint32_t op = c->spec_op, rw = value_width(L, e->type);
    struct cval a = {0, 0}, b = {0, 0};
    if (c->nops < 1 || !operand(L, c->ops[0], &a, depth))
        return false;
    switch (op) {
    case SpvOpBitcast:
    case SpvOpPtrCastToGeneric:
    case SpvOpGenericCastToPtr:
    case SpvOpConvertPtrToU:
    case SpvOpConvertUToPtr:
    case SpvOpUConvert:
    case SpvOpSConvert:
        if (a.var && rw < 64) {
            lower_fail(L, "constant expression: %s truncates an address", spv_opcode_name(op));
            return false;
        }
        if (op == SpvOpSConvert)
            a.bits = sign_extend(a.bits, value_width(L, lower_type_of(L, c->ops[0])));
        *out = (struct cval){a.bits & width_mask(rw), a.var};
        return true;
    case SpvOpAccessChain:
    case SpvOpInBoundsAccessChain:
    case SpvOpPtrAccessChain:
    case SpvOpInBoundsPtrAccessChain: {
        struct spv_type *pt = lower_type(L, lower_type_of(L, c->ops[0]));
        uint64_t off;
        if (!pt || pt->kind != SPV_T_POINTER) {
            lower_fail(L, "constant expression: %s of a non-pointer", spv_opcode_name(op));
            return false;
        }
        if (!chain_offset(L, pt->elem, c->ops + 1, c->nops - 1,
                          op == SpvOpPtrAccessChain || op == SpvOpInBoundsPtrAccessChain, &off,
                          depth))
            return false;
        *out = (struct cval){a.bits + off, a.var};
        return true;
    }
    case SpvOpSelect: {
        struct cval d;
        if (c->nops != 3 || a.var || !operand(L, c->ops[1], &b, depth) ||
            !operand(L, c->ops[2], &d, depth)) {
            if (!L->err)
                lower_fail(L, "constant expression: OpSelect needs a constant condition");
            return false;
        }
        *out = a.bits & 1 ? b : d;
        return true;
    }
    case SpvOpNot:
    case SpvOpSNegate:
        if (a.var) {
            lower_fail(L, "constant expression: %s of an address", spv_opcode_name(op));
            return false;
        }
        out->bits = (op == SpvOpNot ? ~a.bits : 0 - a.bits) & width_mask(rw);
        out->var = 0;
        return true;
    case SpvOpCompositeExtract:
    case SpvOpCompositeInsert:
    case SpvOpVectorShuffle:
        lower_fail(L, "constant expression: OpSpecConstantOp %s is not supported",
                   spv_opcode_name(op));
        return false;
    default:
        break;
    }
    if (c->nops != 2 || !operand(L, c->ops[1], &b, depth)) {
        if (!L->err)
            lower_fail(L, "constant expression: OpSpecConstantOp %s is not supported",
                       spv_opcode_name(op));
        return false;
    }
    /* An address plus or minus an integer, or the distance of two addresses of one variable. */
    uint32_t var = 0;
    if (a.var || b.var) {
        if (op == SpvOpIAdd && !(a.var && b.var)) {
            var = a.var | b.var;
        } else if (op == SpvOpISub && a.var && !b.var) {
            var = a.var;
        } else if (op == SpvOpISub && a.var == b.var) {
            var = 0;
        } else {
            lower_fail(L, "constant expression: %s of an address", spv_opcode_name(op));
            return false;
        }
    }
    uint64_t r;
    if (!int_op(L, op, a.bits, b.bits, rw, &r)) {
        if (!L->err)
            lower_fail(L, "constant expression: OpSpecConstantOp %s is not supported",
                       spv_opcode_name(op));
        return false;
    }
    *out = (struct cval){var ? r : r & width_mask(rw), var};
    return true;
}

void lower_fold_constants(struct lower *L)
{
    struct spv_module *m = L->m;
    for (uint32_t i = 0; i < m->num_insts && !L->err; i++) {
        const struct spv_inst *in = &m->insts[i];
        if (in->op == SpvOpFunction)
            break;
        if (in->op != SpvOpSpecConstantOp)
            continue;
        uint32_t id = in->w[2];
        struct cval v;
        L->in = in;
        if (!fold(L, id, &v, 0))
            break;
        struct spv_type *t = lower_type(L, m->ids[id].type);
        if (v.var && t && t->kind != SPV_T_POINTER && !(t->kind == SPV_T_INT && t->width == 64)) {
            lower_fail(L, "constant expression: an address as a %u-bit value", t->width);
            break;
        }
        struct spv_id *target = spv_id(m, v.var);
        if (v.var && (!target || target->kind != SPV_ID_VAR)) {
            lower_fail(L, "constant expression: address of %%%u, not a variable", v.var);
            break;
        }
        m->ids[id].c->bits = v.bits;
        m->ids[id].c->addr_var = v.var;
        m->ids[id].c->spec_op = 0;
    }
    L->in = NULL;
}
