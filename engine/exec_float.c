// SPDX-License-Identifier: MIT
/*
 * DOC: floating point and conversions
 *
 * Float arithmetic runs in the type's own precision (f32 in float, never in
 * double) so results are exactly IEEE binary32/binary64 with round to
 * nearest even. What the host's instructions cannot do exactly without libm
 * is done on bit patterns with integer arithmetic: conversions with every
 * rounding mode and F16, fmod, floor/ceil/trunc/rint/round, and, in the
 * kernel build, fma. The same routines are the kernel module's (which has no
 * libm); userspace uses __builtin_fma (libm's correctly rounded fma).
 *
 * A value is unpacked into sign, integer significand m and exponent e
 * (value = m * 2^e); pack() rounds such a value once into a format.
 */
#include "engine/exec.h"

struct fmt {
    uint32_t frac; /* fraction bits */
    int32_t bias;
    uint32_t exp; /* exponent bits */
};

static const struct fmt fmt_f16 = {10, 15, 5};
static const struct fmt fmt_f32 = {23, 127, 8};
static const struct fmt fmt_f64 = {52, 1023, 11};

static const struct fmt *fmt_of(uint8_t type)
{
    return type == HMM_T_F16 ? &fmt_f16 : type == HMM_T_F32 ? &fmt_f32 : &fmt_f64;
}

enum { FC_ZERO, FC_FINITE, FC_INF, FC_NAN };

static int unpack(uint64_t bits, const struct fmt *f, int *sign, uint64_t *m, int32_t *e)
{
    uint64_t fracmask = (1ull << f->frac) - 1;
    uint32_t emax = (1u << f->exp) - 1;
    uint32_t biased = (uint32_t)(bits >> f->frac) & emax;

    *sign = (int)((bits >> (f->frac + f->exp)) & 1);
    *m = bits & fracmask;
    if (biased == emax)
        return *m ? FC_NAN : FC_INF;
    if (biased == 0) {
        *e = 1 - f->bias - (int32_t)f->frac;
        return *m ? FC_FINITE : FC_ZERO;
    }
    *m |= 1ull << f->frac;
    *e = (int32_t)biased - f->bias - (int32_t)f->frac;
    return FC_FINITE;
}

static uint64_t sign_bit(const struct fmt *f, int sign)
{
    return (uint64_t)(sign & 1) << (f->frac + f->exp);
}

static uint64_t inf_bits(const struct fmt *f, int sign)
{
    return sign_bit(f, sign) | ((uint64_t)((1u << f->exp) - 1) << f->frac);
}

static uint64_t qnan_bits(const struct fmt *f, int sign, uint64_t payload)
{
    return inf_bits(f, sign) | (1ull << (f->frac - 1)) | (payload & ((1ull << f->frac) - 1));
}

/*
 * m * 2^-shift rounded to an integer by @mode (enum hmm_round, DEFAULT taken
 * as RTE); @sticky says nonzero bits lie below m (only with shift >= 1).
 */
static uint64_t round_shift(uint64_t m, uint32_t shift, int sticky, int sign, int mode)
{
    uint64_t kept, rem, half;
    int gt, eq, inexact;

    if (shift == 0)
        return m;
    if (shift < 64) {
        kept = m >> shift;
        rem = m & ((1ull << shift) - 1);
        half = 1ull << (shift - 1);
        gt = rem > half || (rem == half && sticky);
        eq = rem == half && !sticky;
    } else if (shift == 64) {
        kept = 0;
        rem = m;
        half = 1ull << 63;
        gt = rem > half || (rem == half && sticky);
        eq = rem == half && !sticky;
    } else {
        kept = 0;
        rem = m;
        gt = eq = 0;
    }
    inexact = rem || sticky;
    switch (mode) {
    case HMM_ROUND_RTZ:
        return kept;
    case HMM_ROUND_RTP:
        return kept + (inexact && !sign);
    case HMM_ROUND_RTN:
        return kept + (inexact && sign);
    default:
        return kept + (gt || (eq && (kept & 1)));
    }
}

/* Round sign * m * 2^e (m != 0; sticky: bits below m) once into format @f. */
static uint64_t pack(int sign, uint64_t m, int32_t e, int sticky, const struct fmt *f, int mode)
{
    int32_t p = 63 - __builtin_clzll(m);
    int32_t big = p + e; /* exponent of the leading bit */
    int32_t emin = 1 - f->bias;
    int32_t q = (big < emin ? emin : big) - (int32_t)f->frac; /* exponent of the result's lsb */
    uint64_t kept;

    if (big > f->bias)
        goto overflow;
    if (q <= e)
        kept = m << (e - q); /* exact: fewer than frac + 1 bits */
    else
        kept = round_shift(m, (uint32_t)(q - e), sticky, sign, mode);
    if (kept >> (f->frac + 1)) {
        kept >>= 1;
        q++;
    }
    if (kept >> f->frac) {
        int64_t biased = (int64_t)q + f->frac + f->bias;
        if (biased >= (int64_t)(1u << f->exp) - 1)
            goto overflow;
        return sign_bit(f, sign) | ((uint64_t)biased << f->frac) | (kept & ((1ull << f->frac) - 1));
    }
    return sign_bit(f, sign) | kept; /* subnormal or zero */
overflow:
    if (mode == HMM_ROUND_RTZ || (mode == HMM_ROUND_RTP && sign) ||
        (mode == HMM_ROUND_RTN && !sign))
        return inf_bits(f, sign) - 1; /* largest finite */
    return inf_bits(f, sign);
}

static uint32_t int_bits(uint8_t type)
{
    return 8u << (type - HMM_T_I8);
}

static int is_int(uint8_t type)
{
    return type >= HMM_T_I8 && type <= HMM_T_I64;
}

/* Saturate the 128-bit value @v into an int of @bits (signed or not). */
static uint64_t clamp_int(__int128 v, uint32_t bits, int dst_signed)
{
    __int128 lo, hi;

    if (dst_signed) {
        hi = ((__int128)1 << (bits - 1)) - 1;
        lo = -hi - 1;
    } else {
        hi = ((__int128)1 << bits) - 1;
        lo = 0;
    }
    if (v < lo)
        v = lo;
    if (v > hi)
        v = hi;
    return (uint64_t)v & hmm_mask(bits);
}

uint64_t hmm_soft_cvt(uint64_t x, uint8_t src, uint8_t dst, uint8_t flags)
{
    int mode = (flags & HMM_CVT_ROUND_MASK) >> HMM_CVT_ROUND_SHIFT;
    int src_signed = flags & HMM_CVT_SRC_SIGNED, dst_signed = (flags & HMM_CVT_DST_SIGNED) != 0;

    if (is_int(src)) {
        uint32_t sb = int_bits(src);
        __int128 v = src_signed ? (__int128)hmm_sext(x, sb) : (__int128)(x & hmm_mask(sb));
        if (is_int(dst)) {
            uint32_t db = int_bits(dst);
            if (flags & HMM_CVT_SAT)
                return clamp_int(v, db, dst_signed);
            return (uint64_t)v & hmm_mask(db);
        }
        if (v == 0)
            return 0;
        int sign = v < 0;
        uint64_t mag = sign ? (uint64_t)(-v) : (uint64_t)v;
        return pack(sign, mag, 0, 0, fmt_of(dst), mode);
    }

    const struct fmt *sf = fmt_of(src);
    int sign;
    uint64_t m;
    int32_t e = 0;
    int cls = unpack(x, sf, &sign, &m, &e);

    if (is_int(dst)) {
        uint32_t db = int_bits(dst);
        __int128 v;

        if (cls == FC_NAN || cls == FC_ZERO)
            return 0;
        if (cls == FC_INF) {
            v = sign ? -((__int128)1 << 100) : ((__int128)1 << 100);
        } else if (e >= 0) {
            v = e > 64 ? ((__int128)1 << 100) : ((__int128)m << e);
            if (sign)
                v = -v;
        } else {
            if (mode == HMM_ROUND_DEFAULT)
                mode = HMM_ROUND_RTZ;
            v = round_shift(m, (uint32_t)-e, 0, sign, mode);
            if (sign)
                v = -v;
        }
        return clamp_int(v, db, dst_signed);
    }

    const struct fmt *df = fmt_of(dst);
    switch (cls) {
    case FC_NAN:
        if (df->frac >= sf->frac)
            return qnan_bits(df, sign, m << (df->frac - sf->frac));
        return qnan_bits(df, sign, m >> (sf->frac - df->frac));
    case FC_INF:
        return inf_bits(df, sign);
    case FC_ZERO:
        return sign_bit(df, sign);
    default:
        return pack(sign, m, e, 0, df, mode);
    }
}

static int clz128(unsigned __int128 v)
{
    uint64_t hi = (uint64_t)(v >> 64);
    return hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)v);
}

uint64_t hmm_soft_fma(uint64_t a, uint64_t b, uint64_t c, uint8_t type)
{
    const struct fmt *f = fmt_of(type);
    int sa, sb, sc;
    uint64_t ma, mb, mc;
    int32_t ea = 0, eb = 0, ec = 0;
    int ca = unpack(a, f, &sa, &ma, &ea);
    int cb = unpack(b, f, &sb, &mb, &eb);
    int cc = unpack(c, f, &sc, &mc, &ec);
    int sp = sa ^ sb;

    if (ca == FC_NAN)
        return qnan_bits(f, sa, ma);
    if (cb == FC_NAN)
        return qnan_bits(f, sb, mb);
    if (cc == FC_NAN)
        return qnan_bits(f, sc, mc);
    if (ca == FC_INF || cb == FC_INF) {
        if (ca == FC_ZERO || cb == FC_ZERO || (cc == FC_INF && sc != sp))
            return qnan_bits(f, 1, 0); /* invalid: the x86 default NaN */
        return inf_bits(f, sp);
    }
    if (cc == FC_INF)
        return c;
    if (ca == FC_ZERO || cb == FC_ZERO) {
        if (cc == FC_ZERO)
            return sign_bit(f, sp & sc);
        return c;
    }

    unsigned __int128 P = (unsigned __int128)ma * mb;
    int32_t ep = ea + eb;
    int shift = clz128(P) - 2; /* msb at bit 125 */
    P <<= shift;
    ep -= shift;
    if (cc == FC_ZERO) {
        uint64_t hi = (uint64_t)(P >> 62), lo = (uint64_t)P & ((1ull << 62) - 1);
        return pack(sp, hi, ep + 62, lo != 0, f, HMM_ROUND_RTE);
    }
    unsigned __int128 C = mc;
    shift = clz128(C) - 2;
    C <<= shift;
    ec -= shift;

    /* Align the smaller onto the larger exponent, jamming lost bits into bit 0. */
    unsigned __int128 big = P, small = C;
    int32_t eb2 = ep, es = ec;
    int sbig = sp, ssmall = sc;
    if (ec > ep) {
        big = C;
        small = P;
        eb2 = ec;
        es = ep;
        sbig = sc;
        ssmall = sp;
    }
    uint32_t d = (uint32_t)(eb2 - es);
    if (d >= 127) {
        small = 1;
    } else if (d) {
        int lost = (small & (((unsigned __int128)1 << d) - 1)) != 0;
        small = (small >> d) | (unsigned __int128)lost;
    }
    unsigned __int128 r;
    int sr = sbig;
    if (sbig == ssmall) {
        r = big + small;
    } else if (big >= small) {
        r = big - small;
    } else {
        r = small - big;
        sr = ssmall;
    }
    if (r == 0)
        return sign_bit(f, 0); /* exact cancellation rounds to +0 */
    int msb = 127 - clz128(r);
    uint64_t m;
    int sticky = 0;
    int32_t e = eb2;
    if (msb > 63) {
        int s = msb - 63;
        sticky = (r & (((unsigned __int128)1 << s) - 1)) != 0;
        m = (uint64_t)(r >> s);
        e += s;
    } else {
        m = (uint64_t)r;
    }
    return pack(sr, m, e, sticky, f, HMM_ROUND_RTE);
}

uint64_t hmm_soft_fmod(uint64_t x, uint64_t y, uint8_t type)
{
    const struct fmt *f = fmt_of(type);
    int sx, sy;
    uint64_t mx, my;
    int32_t ex = 0, ey = 0;
    int cx = unpack(x, f, &sx, &mx, &ex);
    int cy = unpack(y, f, &sy, &my, &ey);

    if (cx == FC_NAN)
        return qnan_bits(f, sx, mx);
    if (cy == FC_NAN)
        return qnan_bits(f, sy, my);
    if (cx == FC_INF || cy == FC_ZERO)
        return qnan_bits(f, 1, 0);
    if (cx == FC_ZERO || cy == FC_INF)
        return x;
    /* Normalise both significands to bit frac. */
    while (!(mx >> f->frac)) {
        mx <<= 1;
        ex--;
    }
    while (!(my >> f->frac)) {
        my <<= 1;
        ey--;
    }
    if (ex < ey || (ex == ey && mx < my))
        return x;
    uint64_t r = mx % my;
    for (int32_t k = ex - ey; k > 0; k--) {
        r <<= 1;
        if (r >= my)
            r -= my;
    }
    if (!r)
        return sign_bit(f, sx);
    return pack(sx, r, ey, 0, f, HMM_ROUND_RTE);
}

/* Host float views of register bits. */
static inline float f32(uint64_t x)
{
    uint32_t u = (uint32_t)x;
    float v;
    memcpy(&v, &u, 4);
    return v;
}

static inline uint64_t b32(float v)
{
    uint32_t u;
    memcpy(&u, &v, 4);
    return u;
}

static inline double f64(uint64_t x)
{
    double v;
    memcpy(&v, &x, 8);
    return v;
}

static inline uint64_t b64(double v)
{
    uint64_t u;
    memcpy(&u, &v, 8);
    return u;
}

/*
 * floor, ceil, trunc, rint, round without libm: truncate by clearing the
 * fraction bits, then step by one where the discarded fraction says so
 * (exact: |x| < 2^frac there).
 */
#define DEFINE_ROUND(NAME, T, UT, BITS, TOF, TOB, FRAC, BIAS)                                      \
    static uint64_t NAME(uint64_t xb, int fn)                                                      \
    {                                                                                              \
        UT u = (UT)xb;                                                                             \
        int ex = (int)((u >> FRAC) & ((1u << (BITS - 1 - FRAC)) - 1)) - BIAS;                      \
        if (ex >= FRAC)                                                                            \
            return TOF(xb) != TOF(xb) ? TOB(TOF(xb) + TOF(xb)) : (UT)xb; /* NaN quieted */         \
        UT t = ex < 0 ? (u & ((UT)1 << (BITS - 1))) : (u & ~((((UT)1) << (FRAC - ex)) - 1));       \
        T x = TOF(xb), tv = TOF(t), fr = x - tv;                                                   \
        T one = (T)1, half = (T)0.5;                                                               \
        T afr = fr < 0 ? -fr : fr;                                                                 \
        T away = x < 0 ? tv - one : tv + one;                                                      \
        switch (fn) {                                                                              \
        case HMM_MATH_FLOOR:                                                                       \
            return TOB(x < 0 && fr != 0 ? tv - one : tv);                                          \
        case HMM_MATH_CEIL:                                                                        \
            return TOB(x > 0 && fr != 0 ? tv + one : tv);                                          \
        case HMM_MATH_TRUNC:                                                                       \
            return TOB(tv);                                                                        \
        case HMM_MATH_ROUND:                                                                       \
            return TOB(afr >= half ? away : tv);                                                   \
        default: { /* RINT */                                                                      \
            int64_t ti = (int64_t)tv;                                                              \
            if (afr > half || (afr == half && (ti & 1)))                                           \
                return TOB(away);                                                                  \
            return TOB(tv);                                                                        \
        }                                                                                          \
        }                                                                                          \
    }

DEFINE_ROUND(round32, float, uint32_t, 32, f32, b32, 23, 127)
DEFINE_ROUND(round64, double, uint64_t, 64, f64, b64, 52, 1023)

static int fcmp(int cond, int lt, int eq, int gt)
{
    int un = !lt && !eq && !gt;
    switch (cond) {
    case HMM_CC_EQ:
        return eq;
    case HMM_CC_NE:
        return lt || gt;
    case HMM_CC_LT:
        return lt;
    case HMM_CC_LE:
        return lt || eq;
    case HMM_CC_GT:
        return gt;
    case HMM_CC_GE:
        return gt || eq;
    case HMM_CC_ULT:
        return un || lt;
    case HMM_CC_ULE:
        return un || lt || eq;
    case HMM_CC_UGT:
        return un || gt;
    case HMM_CC_UGE:
        return un || gt || eq;
    case HMM_CC_UEQ:
        return un || eq;
    case HMM_CC_UNE:
        return !eq;
    case HMM_CC_ORD:
        return !un;
    default:
        return un;
    }
}

/* Float ALU for one precision: T the host type, TOF/TOB register <-> T, SIGN the sign bit. */
#define FLOAT_OPS(T, TOF, TOB, SIGN, ROUND, FTYPE)                                                 \
    switch (in->op) {                                                                              \
    case HMM_OP_ADD:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l]) + TOF(B[l])););                                   \
        break;                                                                                     \
    case HMM_OP_SUB:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l]) - TOF(B[l])););                                   \
        break;                                                                                     \
    case HMM_OP_MUL:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l]) * TOF(B[l])););                                   \
        break;                                                                                     \
    case HMM_OP_DIV:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l]) / TOF(B[l])););                                   \
        break;                                                                                     \
    case HMM_OP_REM:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = hmm_soft_fmod(A[l], B[l], FTYPE););                             \
        break;                                                                                     \
    case HMM_OP_NEG:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l])) ^ (SIGN););                                      \
        break;                                                                                     \
    case HMM_OP_ABS:                                                                               \
        HMM_FOR_LANES(w, 0, D[l] = TOB(TOF(A[l])) & ~(uint64_t)(SIGN););                           \
        break;                                                                                     \
    case HMM_OP_MIN:                                                                               \
    case HMM_OP_MAX: {                                                                             \
        int mx = in->op == HMM_OP_MAX;                                                             \
        HMM_FOR_LANES(w, 0, {                                                                      \
            T x = TOF(A[l]), y = TOF(B[l]);                                                        \
            uint64_t r;                                                                            \
            if (x != x)                                                                            \
                r = TOB(y);                                                                        \
            else if (y != y)                                                                       \
                r = TOB(x);                                                                        \
            else if (x < y)                                                                        \
                r = TOB(mx ? y : x);                                                               \
            else if (y < x)                                                                        \
                r = TOB(mx ? x : y);                                                               \
            else /* equal: min(-0, +0) = -0, max = +0 */                                           \
                r = mx ? (TOB(x) & TOB(y)) : (TOB(x) | TOB(y));                                    \
            D[l] = r;                                                                              \
        });                                                                                        \
        break;                                                                                     \
    }                                                                                              \
    case HMM_OP_CMP: {                                                                             \
        int cond = in->mod;                                                                        \
        HMM_FOR_LANES(w, 0, {                                                                      \
            T x = TOF(A[l]), y = TOF(B[l]);                                                        \
            D[l] = (uint64_t)fcmp(cond, x<y, x == y, x> y);                                        \
        });                                                                                        \
        break;                                                                                     \
    }                                                                                              \
    case HMM_OP_MATH:                                                                              \
        switch (in->imm) {                                                                         \
        case HMM_MATH_FMA:                                                                         \
            HMM_FOR_LANES(w, 0, D[l] = FMA_##T(A[l], B[l], C[l]););                                \
            break;                                                                                 \
        case HMM_MATH_MAD:                                                                         \
            HMM_FOR_LANES(w, 0, {                                                                  \
                T p = TOF(A[l]) * TOF(B[l]);                                                       \
                D[l] = TOB(p + TOF(C[l]));                                                         \
            });                                                                                    \
            break;                                                                                 \
        case HMM_MATH_SQRT:                                                                        \
            HMM_FOR_LANES(w, 0, D[l] = TOB(SQRT_##T(TOF(A[l]))););                                 \
            break;                                                                                 \
        case HMM_MATH_COPYSIGN:                                                                    \
            HMM_FOR_LANES(w, 0, D[l] = (A[l] & ~(uint64_t)(SIGN)) | (B[l] & (SIGN)););             \
            break;                                                                                 \
        default: {                                                                                 \
            int fn = in->imm;                                                                      \
            HMM_FOR_LANES(w, 0, D[l] = ROUND(A[l], fn););                                          \
            break;                                                                                 \
        }                                                                                          \
        }                                                                                          \
        break;                                                                                     \
    default:                                                                                       \
        break;                                                                                     \
    }

#ifdef __KERNEL__
/* No libm in the kernel: the software fused multiply-add (correctly rounded, RTE). */
#define FMA_float(a, b, c)  hmm_soft_fma((a), (b), (c), HMM_T_F32)
#define FMA_double(a, b, c) hmm_soft_fma((a), (b), (c), HMM_T_F64)
#else
#define FMA_float(a, b, c)  b32(__builtin_fmaf(f32(a), f32(b), f32(c)))
#define FMA_double(a, b, c) b64(__builtin_fma(f64(a), f64(b), f64(c)))
#endif
/* Built with -fno-math-errno: one instruction, correctly rounded. */
#define SQRT_float(x)  __builtin_sqrtf(x)
#define SQRT_double(x) __builtin_sqrt(x)

void hmm_exec_float(struct hmm_wave *w, const struct hmm_insn *in)
{
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
    uint64_t *B = hmm_reg(w, in->b), *C = hmm_reg(w, in->c);

    if (in->type == HMM_T_F32) {
        FLOAT_OPS(float, f32, b32, 0x80000000ull, round32, HMM_T_F32)
    } else {
        FLOAT_OPS(double, f64, b64, 0x8000000000000000ull, round64, HMM_T_F64)
    }
}

void hmm_exec_cvt(struct hmm_wave *w, const struct hmm_insn *in)
{
    uint64_t *D = hmm_reg(w, in->dst), *A = hmm_reg(w, in->a);
    uint8_t src = in->mod, dst = in->type, fl = in->flags;
    int mode = (fl & HMM_CVT_ROUND_MASK) >> HMM_CVT_ROUND_SHIFT;
    int nearest = mode == HMM_ROUND_DEFAULT || mode == HMM_ROUND_RTE;

    /* Fast paths where the host's conversion is exactly the rule. */
    if (is_int(src) && is_int(dst) && !(fl & HMM_CVT_SAT)) {
        /* Extension or truncation: (sign-)extend from the source width, mask to the result. */
        uint32_t sb = int_bits(src);
        uint64_t m = hmm_mask(int_bits(dst));

        if (fl & HMM_CVT_SRC_SIGNED)
            HMM_FOR_LANES(w, 0, D[l] = hmm_sext(A[l], sb) & m;);
        else
            HMM_FOR_LANES(w, 0, D[l] = A[l] & hmm_mask(sb) & m;);
        return;
    }
    if (nearest && src == HMM_T_F32 && dst == HMM_T_F64) {
        HMM_FOR_LANES(w, 0, D[l] = b64((double)f32(A[l])););
        return;
    }
    if (nearest && src == HMM_T_F64 && dst == HMM_T_F32) {
        HMM_FOR_LANES(w, 0, D[l] = b32((float)f64(A[l])););
        return;
    }
    if (nearest && (src == HMM_T_I32 || src == HMM_T_I64) &&
        (dst == HMM_T_F32 || dst == HMM_T_F64)) {
        uint32_t bits = int_bits(src);
        if (fl & HMM_CVT_SRC_SIGNED) {
            if (dst == HMM_T_F32)
                HMM_FOR_LANES(w, 0, D[l] = b32((float)hmm_sext(A[l], bits)););
            else
                HMM_FOR_LANES(w, 0, D[l] = b64((double)hmm_sext(A[l], bits)););
        } else {
            uint64_t m = hmm_mask(bits);
            if (dst == HMM_T_F32)
                HMM_FOR_LANES(w, 0, D[l] = b32((float)(A[l] & m)););
            else
                HMM_FOR_LANES(w, 0, D[l] = b64((double)(A[l] & m)););
        }
        return;
    }
    if (mode == HMM_ROUND_DEFAULT && src == HMM_T_F32 && dst == HMM_T_I32 &&
        (fl & HMM_CVT_DST_SIGNED)) {
        HMM_FOR_LANES(w, 0, {
            float x = f32(A[l]);
            if (x > -2147483648.0f && x < 2147483648.0f)
                D[l] = (uint32_t)(int32_t)x;
            else
                D[l] = hmm_soft_cvt(A[l], src, dst, fl);
        });
        return;
    }
    if (mode == HMM_ROUND_DEFAULT && src == HMM_T_F64 && dst == HMM_T_I64 &&
        (fl & HMM_CVT_DST_SIGNED)) {
        HMM_FOR_LANES(w, 0, {
            double x = f64(A[l]);
            if (x > -9223372036854775808.0 && x < 9223372036854775808.0)
                D[l] = (uint64_t)(int64_t)x;
            else
                D[l] = hmm_soft_cvt(A[l], src, dst, fl);
        });
        return;
    }
    HMM_FOR_LANES(w, 0, D[l] = hmm_soft_cvt(A[l], src, dst, fl););
}

uint64_t hmm_float_combine(uint8_t type, uint8_t gop, uint64_t a, uint64_t b)
{
    if (gop == HMM_GROUP_ADD)
        return type == HMM_T_F32 ? b32(f32(a) + f32(b)) : b64(f64(a) + f64(b));

    /* The MIN/MAX instructions' rule: a NaN operand loses, min(-0, +0) = -0, max = +0. */
    uint64_t ra = a, rb = b, rd;
    int lt, gt, mx = gop == HMM_GROUP_MAX;

    if (type == HMM_T_F32) {
        float x = f32(ra), y = f32(rb);
        if (x != x)
            return rb;
        if (y != y)
            return ra;
        lt = x < y;
        gt = y < x;
    } else {
        double x = f64(ra), y = f64(rb);
        if (x != x)
            return rb;
        if (y != y)
            return ra;
        lt = x < y;
        gt = y < x;
    }
    if (lt)
        rd = mx ? rb : ra;
    else if (gt)
        rd = mx ? ra : rb;
    else
        rd = mx ? (ra & rb) : (ra | rb);
    return rd;
}
