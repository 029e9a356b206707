/* SPDX-License-Identifier: MIT */
/*
 * Lowering of the OpenCL.std integer built-ins the ISA has no instruction
 * for (abs_diff, add_sat, sub_sat, hadd, rhadd, mad_sat, rotate, upsample)
 * and of shuffle/shuffle2, component by component on scalarised values.
 * Everything is exact at every width, 64 bits included, and never traps:
 * the saturating forms detect overflow from the wrapped result's sign
 * bits instead of computing in a wider type the ISA does not have.
 */
#include <spirv/unified1/OpenCL.std.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

struct iext {
    struct lower_ext o; /* result and arguments */
    uint8_t mt;         /* scalar type of the last argument (shuffle masks) */
    uint32_t bits;      /* width of the result type */
};

static uint32_t width_of(uint8_t h)
{
    switch (h) {
    case HMM_T_I8:
        return 8;
    case HMM_T_I16:
        return 16;
    case HMM_T_I32:
        return 32;
    default:
        return 64;
    }
}

static uint64_t smax_of(uint32_t bits)
{
    return bits == 64 ? 0x7fffffffffffffffull : (1ull << (bits - 1)) - 1;
}

static uint64_t umax_of(uint32_t bits)
{
    return bits == 64 ? ~0ull : (1ull << bits) - 1;
}

static void emit(struct lower *L, uint8_t op, uint8_t t, uint8_t mod, uint32_t d, uint32_t a,
                 uint32_t b, uint32_t c)
{
    lower_emit(L, op, t, mod, 0, d, a, b, c, 0);
}

/*
 * Where signed @v is negative, MIN, else MAX: the saturated value on the
 * side of @v's sign. (v >> (w-1)) is all ones or zero; xor with MAX.
 */
static void sat_by_sign(struct lower *L, const struct iext *x, uint32_t dst, uint32_t v)
{
    uint32_t s = lower_temp(L);
    emit(L, HMM_OP_SHR, x->o.hty, HMM_SIGNED, s, v, lower_const_temp(L, x->o.hty, x->bits - 1), 0);
    emit(L, HMM_OP_XOR, x->o.hty, 0, dst, s, lower_const_temp(L, x->o.hty, smax_of(x->bits)), 0);
}

/* abs_diff: |a - b| without overflow, as the unsigned type. */
static void abs_diff(struct lower *L, const struct iext *x, bool sgn)
{
    uint32_t c = lower_temp(L), p = lower_temp(L), q = lower_temp(L);
    for (uint32_t k = 0; k < x->o.n; k++) {
        uint32_t a = lower_ext_arg(&x->o, 0, k), b = lower_ext_arg(&x->o, 1, k);
        emit(L, HMM_OP_CMP, x->o.hty, sgn ? HMM_CC_GT : HMM_CC_UGT, c, a, b, 0);
        emit(L, HMM_OP_SUB, x->o.hty, 0, p, a, b, 0);
        emit(L, HMM_OP_SUB, x->o.hty, 0, q, b, a, 0);
        emit(L, HMM_OP_SELECT, HMM_T_I64, 0, x->o.d + k, c, p, q);
    }
}

/*
 * add_sat/sub_sat. Unsigned: a carry (sum below a) or a borrow (b above a)
 * saturates. Signed: overflow iff the operands' signs make it possible and
 * the result's sign differs from a's: add ((a^s) & (b^s)) < 0, sub
 * ((a^b) & (a^s)) < 0; then the result is the bound on a's side.
 */
static void add_sub_sat(struct lower *L, const struct iext *x, bool sub, bool sgn)
{
    uint32_t s = lower_temp(L), c = lower_temp(L), u = lower_temp(L), v = lower_temp(L);
    uint32_t zero = lower_const_temp(L, x->o.hty, 0);
    uint32_t bound = sub ? zero : lower_const_temp(L, x->o.hty, umax_of(x->bits));
    for (uint32_t k = 0; k < x->o.n; k++) {
        uint32_t a = lower_ext_arg(&x->o, 0, k), b = lower_ext_arg(&x->o, 1, k);
        emit(L, sub ? HMM_OP_SUB : HMM_OP_ADD, x->o.hty, 0, s, a, b, 0);
        if (!sgn) {
            if (sub)
                emit(L, HMM_OP_CMP, x->o.hty, HMM_CC_UGT, c, b, a, 0);
            else
                emit(L, HMM_OP_CMP, x->o.hty, HMM_CC_ULT, c, s, a, 0);
            emit(L, HMM_OP_SELECT, HMM_T_I64, 0, x->o.d + k, c, bound, s);
            continue;
        }
        if (sub) {
            emit(L, HMM_OP_XOR, x->o.hty, 0, u, a, b, 0);
            emit(L, HMM_OP_XOR, x->o.hty, 0, v, a, s, 0);
        } else {
            emit(L, HMM_OP_XOR, x->o.hty, 0, u, a, s, 0);
            emit(L, HMM_OP_XOR, x->o.hty, 0, v, b, s, 0);
        }
        emit(L, HMM_OP_AND, x->o.hty, 0, u, u, v, 0);
        emit(L, HMM_OP_CMP, x->o.hty, HMM_CC_LT, c, u, zero, 0);
        sat_by_sign(L, x, v, a);
        emit(L, HMM_OP_SELECT, HMM_T_I64, 0, x->o.d + k, c, v, s);
    }
}

/*
 * hadd = (a >> 1) + (b >> 1) + (a & b & 1); rhadd adds (a | b) & 1
 * instead: the halves cannot overflow, the dropped low bits are added back.
 */
static void halving_add(struct lower *L, const struct iext *x, bool round, bool sgn)
{
    uint32_t p = lower_temp(L), q = lower_temp(L), r = lower_temp(L);
    uint32_t one = lower_const_temp(L, x->o.hty, 1);
    for (uint32_t k = 0; k < x->o.n; k++) {
        uint32_t a = lower_ext_arg(&x->o, 0, k), b = lower_ext_arg(&x->o, 1, k);
        emit(L, HMM_OP_SHR, x->o.hty, sgn ? HMM_SIGNED : 0, p, a, one, 0);
        emit(L, HMM_OP_SHR, x->o.hty, sgn ? HMM_SIGNED : 0, q, b, one, 0);
        emit(L, HMM_OP_ADD, x->o.hty, 0, p, p, q, 0);
        emit(L, round ? HMM_OP_OR : HMM_OP_AND, x->o.hty, 0, r, a, b, 0);
        emit(L, HMM_OP_AND, x->o.hty, 0, r, r, one, 0);
        emit(L, HMM_OP_ADD, x->o.hty, 0, x->o.d + k, p, r, 0);
    }
}

/*
 * mad_sat(a, b, c) = saturate(a * b + c) in the exact 2w-bit product:
 * hi:lo = a * b (MULHI/MUL), then c (sign-)extended to 2w bits is added
 * with a carry into hi. The result fits iff hi is the extension of lo's top
 * bit (signed) or zero (unsigned).
 */
static void mad_sat(struct lower *L, const struct iext *x, bool sgn)
{
    uint8_t t = x->o.hty, mod = sgn ? HMM_SIGNED : 0;
    uint32_t hi = lower_temp(L), lo = lower_temp(L), s = lower_temp(L), cy = lower_temp(L);
    uint32_t e = lower_temp(L), ok = lower_temp(L);
    uint32_t top = lower_const_temp(L, t, x->bits - 1);
    for (uint32_t k = 0; k < x->o.n; k++) {
        uint32_t a = lower_ext_arg(&x->o, 0, k), b = lower_ext_arg(&x->o, 1, k),
                 c = lower_ext_arg(&x->o, 2, k);
        emit(L, HMM_OP_MULHI, t, mod, hi, a, b, 0);
        emit(L, HMM_OP_MUL, t, 0, lo, a, b, 0);
        emit(L, HMM_OP_ADD, t, 0, s, lo, c, 0);
        emit(L, HMM_OP_CMP, t, HMM_CC_ULT, cy, s, lo, 0); /* 0 or 1: canonical at any width */
        emit(L, HMM_OP_ADD, t, 0, hi, hi, cy, 0);
        if (sgn) {
            /* c's high half: all ones when c < 0. */
            emit(L, HMM_OP_SHR, t, HMM_SIGNED, e, c, top, 0);
            emit(L, HMM_OP_ADD, t, 0, hi, hi, e, 0);
            emit(L, HMM_OP_SHR, t, HMM_SIGNED, e, s, top, 0);
            emit(L, HMM_OP_CMP, t, HMM_CC_EQ, ok, hi, e, 0);
            sat_by_sign(L, x, e, hi);
        } else {
            emit(L, HMM_OP_CMP, t, HMM_CC_EQ, ok, hi, lower_const_temp(L, t, 0), 0);
            lower_emit(L, HMM_OP_MOVI, t, 0, 0, e, 0, 0, 0, -1);
        }
        emit(L, HMM_OP_SELECT, HMM_T_I64, 0, x->o.d + k, ok, s, e);
    }
}

/* rotate(v, i) = (v << i) | (v >> -i), both shift counts taken modulo the width. */
static void rotate(struct lower *L, const struct iext *x)
{
    uint32_t p = lower_temp(L), q = lower_temp(L), n = lower_temp(L);
    for (uint32_t k = 0; k < x->o.n; k++) {
        uint32_t v = lower_ext_arg(&x->o, 0, k), i = lower_ext_arg(&x->o, 1, k);
        emit(L, HMM_OP_SHL, x->o.hty, 0, p, v, i, 0);
        emit(L, HMM_OP_NEG, x->o.hty, 0, n, i, 0, 0);
        emit(L, HMM_OP_SHR, x->o.hty, 0, q, v, n, 0);
        emit(L, HMM_OP_OR, x->o.hty, 0, x->o.d + k, p, q, 0);
    }
}

/* upsample(hi, lo) = hi << w | lo in the type twice as wide; lo is unsigned. */
static void upsample(struct lower *L, const struct iext *x, bool sgn)
{
    uint32_t h = lower_temp(L), l = lower_temp(L);
    uint32_t w = width_of(x->o.ahty);
    for (uint32_t k = 0; k < x->o.n; k++) {
        lower_emit(L, HMM_OP_CVT, x->o.hty, x->o.ahty,
                   sgn ? HMM_CVT_SRC_SIGNED | HMM_CVT_DST_SIGNED : 0, h, lower_ext_arg(&x->o, 0, k),
                   0, 0, 0);
        emit(L, HMM_OP_SHL, x->o.hty, 0, h, h, lower_const_temp(L, x->o.hty, w), 0);
        lower_emit(L, HMM_OP_CVT, x->o.hty, x->o.ahty, 0, l, lower_ext_arg(&x->o, 1, k), 0, 0, 0);
        emit(L, HMM_OP_OR, x->o.hty, 0, x->o.d + k, h, l, 0);
    }
}

/*
 * shuffle(x, mask) / shuffle2(x, y, mask): component k is input component
 * mask[k] & (m - 1) (shuffle) or & (2m - 1) (shuffle2, y's after x's),
 * where m is the input width; a compare-and-select chain over the inputs.
 */
static void shuffle(struct lower *L, const struct iext *x, bool two)
{
    int mi = two ? 2 : 1;
    uint32_t m = x->o.na[0];
    uint32_t total = two ? 2 * m : m;
    if (m & (m - 1) || (two && x->o.na[1] != m)) {
        lower_fail(L, "OpenCL.std shuffle: input width %u is not a power of two", m);
        return;
    }
    uint32_t idx = lower_temp(L), c = lower_temp(L), j = lower_temp(L), acc = lower_temp(L);
    uint32_t lowbits = lower_const_temp(L, x->mt, total - 1);
    for (uint32_t k = 0; k < x->o.n; k++) {
        emit(L, HMM_OP_AND, x->mt, 0, idx, x->o.r[mi] + k, lowbits, 0);
        lower_mov(L, acc, x->o.r[0], 1);
        for (uint32_t s = 1; s < total; s++) {
            uint32_t src = s < m ? x->o.r[0] + s : x->o.r[1] + s - m;
            lower_emit(L, HMM_OP_MOVI, x->mt, 0, 0, j, 0, 0, 0, (int32_t)s);
            emit(L, HMM_OP_CMP, x->mt, HMM_CC_EQ, c, idx, j, 0);
            emit(L, HMM_OP_SELECT, HMM_T_I64, 0, acc, c, src, acc);
        }
        lower_mov(L, x->o.d + k, acc, 1);
    }
}

bool lower_ocl_int_has(uint32_t op)
{
    switch (op) {
    case OpenCLstd_SAbs_diff:
    case OpenCLstd_UAbs_diff:
    case OpenCLstd_SAdd_sat:
    case OpenCLstd_UAdd_sat:
    case OpenCLstd_SSub_sat:
    case OpenCLstd_USub_sat:
    case OpenCLstd_SHadd:
    case OpenCLstd_UHadd:
    case OpenCLstd_SRhadd:
    case OpenCLstd_URhadd:
    case OpenCLstd_SMad_sat:
    case OpenCLstd_UMad_sat:
    case OpenCLstd_Rotate:
    case OpenCLstd_S_Upsample:
    case OpenCLstd_U_Upsample:
    case OpenCLstd_Shuffle:
    case OpenCLstd_Shuffle2:
        return true;
    default:
        return false;
    }
}

bool lower_ocl_int(struct lower *L, const struct spv_inst *in, uint32_t op)
{
    if (!lower_ocl_int_has(op))
        return false;
    struct iext x = {0};
    uint32_t nargs = in->nw > 5 ? in->nw - 5 : 0;
    uint32_t want =
        op == OpenCLstd_SMad_sat || op == OpenCLstd_UMad_sat || op == OpenCLstd_Shuffle2 ? 3 : 2;
    if (nargs != want) {
        lower_fail(L, "OpenCL.std %s: expected %u operands, got %u", spv_ocl_name(op), want, nargs);
        return true;
    }
    lower_ext_gather(L, in, nargs, &x.o);
    x.mt = lower_hty(L, lower_scalar_of(L, lower_type_of(L, in->w[5 + nargs - 1])));
    if (L->err)
        return true;
    bool shuf = op == OpenCLstd_Shuffle || op == OpenCLstd_Shuffle2;
    if (!shuf && (x.o.hty < HMM_T_I8 || x.o.hty > HMM_T_I64 || x.o.ahty < HMM_T_I8 ||
                  x.o.ahty > HMM_T_I64)) {
        lower_fail(L, "OpenCL.std %s on a non-integer type", spv_ocl_name(op));
        return true;
    }
    if (shuf && (x.mt < HMM_T_I8 || x.mt > HMM_T_I64 || x.o.na[nargs - 1] != x.o.n)) {
        lower_fail(L, "OpenCL.std %s: bad mask", spv_ocl_name(op));
        return true;
    }
    x.bits = width_of(x.o.hty);

    switch (op) {
    case OpenCLstd_SAbs_diff:
    case OpenCLstd_UAbs_diff:
        abs_diff(L, &x, op == OpenCLstd_SAbs_diff);
        break;
    case OpenCLstd_SAdd_sat:
    case OpenCLstd_UAdd_sat:
        add_sub_sat(L, &x, false, op == OpenCLstd_SAdd_sat);
        break;
    case OpenCLstd_SSub_sat:
    case OpenCLstd_USub_sat:
        add_sub_sat(L, &x, true, op == OpenCLstd_SSub_sat);
        break;
    case OpenCLstd_SHadd:
    case OpenCLstd_UHadd:
        halving_add(L, &x, false, op == OpenCLstd_SHadd);
        break;
    case OpenCLstd_SRhadd:
    case OpenCLstd_URhadd:
        halving_add(L, &x, true, op == OpenCLstd_SRhadd);
        break;
    case OpenCLstd_SMad_sat:
    case OpenCLstd_UMad_sat:
        mad_sat(L, &x, op == OpenCLstd_SMad_sat);
        break;
    case OpenCLstd_Rotate:
        rotate(L, &x);
        break;
    case OpenCLstd_S_Upsample:
    case OpenCLstd_U_Upsample:
        upsample(L, &x, op == OpenCLstd_S_Upsample);
        break;
    default:
        shuffle(L, &x, op == OpenCLstd_Shuffle2);
        break;
    }
    return true;
}
