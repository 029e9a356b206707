/*
 * vector: vector types of 2, 3, 4, 8 and 16 components of every type
 * (in the style of the Khronos CTS vector tests): swizzles (.xyzw, .s0-.sf,
 * .lo .hi .even .odd) read and assigned, vector literals, the layout of a
 * 3-component vector in memory (vload3/vstore3 pack three elements, a
 * pointer to a 3-component vector steps by four), as_<type> between
 * same-size types with different component counts, and vload_half /
 * vstore_half (every rounding mode) / vloada_half / vstorea_half from float
 * and double. Half rounding is checked against the host FPU in the
 * rounding mode (this file is built with -frounding-math).
 */
#include <fenv.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "typed.h"

#define N        768 /* vectors per run */
#define MAX_SHOW 6

static const unsigned vwidths[5] = {2, 3, 4, 8, 16};

/* One checked output: an expression and, per result component, the source
 * component it must hold (0..w-1 from v, w..2w-1 from u). */
struct vout {
    char expr[512];
    unsigned map[16];
};

static const char *hexdig = "0123456789abcdef";

static void sw(char *buf, size_t size, const char *base, const unsigned *idx, unsigned n)
{
    size_t len = (size_t)snprintf(buf, size, "%s.s", base);
    for (unsigned k = 0; k < n && len + 1 < size; k++)
        buf[len++] = hexdig[idx[k]];
    buf[len] = 0;
}

/* The swizzle outputs of width @w: rvalues first, then assignments through swizzles. */
static unsigned swizzle_outputs(const char *tn, unsigned w, struct vout *o)
{
    unsigned n = 0, idx[16];
    char a[64], b[64];

    /* reversed, by number */
    for (unsigned k = 0; k < w; k++)
        o[n].map[k] = idx[k] = w - 1 - k;
    sw(a, sizeof(a), "v", idx, w);
    snprintf(o[n++].expr, sizeof(o[0].expr), "%s", a);
    /* repeated and permuted components */
    for (unsigned k = 0; k < w; k++)
        o[n].map[k] = idx[k] = (k * 3 + 1) % w;
    sw(a, sizeof(a), "u", idx, w);
    for (unsigned k = 0; k < w; k++)
        o[n].map[k] += w;
    snprintf(o[n++].expr, sizeof(o[0].expr), "%s", a);
    if (w <= 4) {
        static const char xyzw[] = "xyzw";
        char s[8] = {0};
        for (unsigned k = 0; k < w; k++) {
            s[k] = xyzw[(k + 1) % w];
            o[n].map[k] = (k + 1) % w;
        }
        snprintf(o[n++].expr, sizeof(o[0].expr), "v.%s", s);
    }
    if (w != 3) {
        unsigned h = w / 2;
        snprintf(o[n].expr, sizeof(o[0].expr), "(%s%u)(v.lo, u.hi)", tn, w);
        for (unsigned k = 0; k < w; k++)
            o[n].map[k] = k < h ? k : w + h + (k - h);
        n++;
        snprintf(o[n].expr, sizeof(o[0].expr), "(%s%u)(v.even, u.odd)", tn, w);
        for (unsigned k = 0; k < w; k++)
            o[n].map[k] = k < h ? 2 * k : w + 2 * (k - h) + 1;
        n++;
        /* assignments through .lo/.odd */
        snprintf(o[n].expr, sizeof(o[0].expr), "({ %s%u r = v; r.lo = u.hi; r; })", tn, w);
        for (unsigned k = 0; k < w; k++)
            o[n].map[k] = k < h ? w + h + k : k;
        n++;
        snprintf(o[n].expr, sizeof(o[0].expr), "({ %s%u r = v; r.odd = u.even; r; })", tn, w);
        for (unsigned k = 0; k < w; k++)
            o[n].map[k] = k & 1 ? w + k - 1 : k;
        n++;
    }
    /* assignment through a reversed swizzle */
    for (unsigned k = 0; k < w; k++) {
        idx[k] = w - 1 - k;
        o[n].map[k] = w + (w - 1 - k);
    }
    sw(a, sizeof(a), "r", idx, w);
    snprintf(o[n++].expr, sizeof(o[0].expr), "({ %s%u r = v; %s = u; r; })", tn, w, a);
    /* assignment of one component by name */
    snprintf(o[n].expr, sizeof(o[0].expr), "({ %s%u r = v; r.s%c = u.s0; r; })", tn, w,
             hexdig[w - 1]);
    for (unsigned k = 0; k < w; k++)
        o[n].map[k] = k == w - 1 ? w : k;
    n++;
    /* a vector literal mixing scalars, a 2-vector and a swizzle */
    idx[0] = 1;
    idx[1] = 0;
    sw(a, sizeof(a), "u", idx, 2);
    if (w == 2) {
        snprintf(o[n].expr, sizeof(o[0].expr), "(%s2)(u.s1, v.s0)", tn);
        o[n].map[0] = w + 1;
        o[n].map[1] = 0;
    } else {
        unsigned rest[16], nr = 0, pre = w == 3 ? 0 : w / 2;
        for (unsigned k = pre + 2; k < w; k++)
            rest[nr++] = k;
        /* The rest as swizzles of valid lengths (6 = 4 + 2). */
        b[0] = 0;
        for (unsigned at = 0; at < nr;) {
            unsigned len = nr - at >= 4 ? 4 : nr - at;
            char part[32];
            sw(part, sizeof(part), "v", rest + at, len);
            snprintf(b + strlen(b), sizeof(b) - strlen(b), "%s%s", at ? ", " : "", part);
            at += len;
        }
        char lead[64] = "";
        if (pre == 2)
            snprintf(lead, sizeof(lead), "v.s0, v.s1, ");
        else if (pre)
            snprintf(lead, sizeof(lead), "v.lo, ");
        snprintf(o[n].expr, sizeof(o[0].expr), "(%s%u)(%s%s%s%s)", tn, w, lead, a, nr ? ", " : "",
                 b);
        for (unsigned k = 0; k < w; k++)
            o[n].map[k] = k < pre ? k : k == pre ? w + 1 : k == pre + 1 ? w : k;
    }
    n++;
    return n;
}

static const enum ty swz_types[] = {TY_CHAR, TY_USHORT, TY_INT, TY_ULONG, TY_FLOAT, TY_DOUBLE};

static void vec_swizzles(conf_t *t)
{
    bool fp64 = conf_has_fp64(t);
    struct src *s = src_new(t);
    struct vout *outs = calloc(16, sizeof(*outs));
    uint64_t *in = malloc(2 * N * 16 * 8), *out = malloc(16 * N * 16 * 8);
    conf_defer_free(t, outs);
    conf_defer_free(t, in);
    conf_defer_free(t, out);
    if (!outs || !in || !out) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    for (unsigned ti = 0; ti < sizeof(swz_types) / sizeof(swz_types[0]); ti++) {
        enum ty ty = swz_types[ti];
        if (ty == TY_DOUBLE && !fp64)
            continue;
        const char *tn = ty_info[ty].name;
        size_t sz = ty_info[ty].size;
        src_reset(s);
        if (ty == TY_DOUBLE)
            src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        for (unsigned wi = 0; wi < 5; wi++) {
            unsigned w = vwidths[wi];
            unsigned no = swizzle_outputs(tn, w, outs);
            src_add(s,
                    "__kernel void k%u(__global const %s *in, __global %s *out)\n{\n"
                    "    size_t i = get_global_id(0);\n"
                    "    %s%u v = vload%u(i, in), u = vload%u(i, in + %u);\n",
                    w, tn, tn, tn, w, w, w, N * w);
            for (unsigned j = 0; j < no; j++)
                src_add(s, "    vstore%u(%s, i, out + %u);\n", w, outs[j].expr, j * N * w);
            src_add(s, "}\n");
        }
        char what[64];
        snprintf(what, sizeof(what), "swizzles of %s", tn);
        cl_program p = conf_build_src(t, src_text(s), what);
        if (!p)
            return;
        uint64_t seed = 99 + ty;
        for (unsigned e = 0; e < 2 * N * 16; e++)
            ty_set(ty, in, e, conf_rand(&seed));
        for (unsigned wi = 0; wi < 5; wi++) {
            unsigned w = vwidths[wi];
            unsigned no = swizzle_outputs(tn, w, outs);
            char kname[16];
            snprintf(kname, sizeof(kname), "k%u", w);
            memset(out, 0xcd, no * N * w * sz);
            struct karg args[2] = {{in, 2 * N * w * sz, false}, {out, no * N * w * sz, true}};
            t->checks++;
            if (!conf_run_1d(t, p, kname, N, args, 2))
                return;
            for (unsigned j = 0; j < no; j++) {
                unsigned bad = 0;
                for (unsigned i = 0; i < N; i++) {
                    for (unsigned k = 0; k < w; k++) {
                        unsigned m = outs[j].map[k];
                        uint64_t want = m < w ? ty_get(ty, in, i * w + m)
                                              : ty_get(ty, in, N * w + i * w + m - w);
                        uint64_t got = ty_get(ty, out, j * N * w + i * w + k);
                        if (want != got && bad++ < MAX_SHOW) {
                            char f[2][64];
                            conf_fail(t, __FILE__, __LINE__,
                                      "%s%u: %s, vector %u component %u: expected %s, got %s", tn,
                                      w, outs[j].expr, i, k, ty_fmt(ty, want, f[0], 64),
                                      ty_fmt(ty, got, f[1], 64));
                        }
                    }
                }
            }
        }
    }
}

/*
 * A 3-component vector occupies four elements through a pointer to it;
 * vload3/vstore3 read and write three packed ones.
 */
static void vec_vec3_layout(conf_t *t)
{
    static const char src[] =
        "__kernel void k(__global const int3 *p3, __global const int *packed, __global int3 "
        "*o3, __global int *opacked)\n"
        "{\n"
        "    size_t i = get_global_id(0);\n"
        "    int3 a = p3[i];\n"
        "    int3 b = vload3(i, packed);\n"
        "    o3[i] = b + (int3)(1, 2, 3);\n"
        "    vstore3(a.zxy, i, opacked);\n"
        "}\n";
    enum { G = 64 };
    int32_t in4[G * 4], in3[G * 3], o4[G * 4], o3[G * 3];
    for (unsigned i = 0; i < G * 4; i++)
        in4[i] = (int32_t)(i * 7 + 1);
    for (unsigned i = 0; i < G * 3; i++)
        in3[i] = (int32_t)(i * 13 + 5);
    memset(o4, 0x5a, sizeof(o4));
    memset(o3, 0x5a, sizeof(o3));
    cl_program p = conf_build_src(t, src, "vec3 layout");
    if (!p)
        return;
    struct karg args[4] = {{in4, sizeof(in4), false},
                           {in3, sizeof(in3), false},
                           {o4, sizeof(o4), true},
                           {o3, sizeof(o3), true}};
    if (!conf_run_1d(t, p, "k", G, args, 4))
        return;
    for (unsigned i = 0; i < G; i++) {
        for (unsigned k = 0; k < 3; k++) {
            /* o3[i] is at element 4i: the fourth element's value is undefined. */
            CHECK_MSG(o4[i * 4 + k] == in3[i * 3 + k] + (int32_t)k + 1,
                      "int3 store through a pointer, vector %u component %u: expected %d, got %d",
                      i, k, in3[i * 3 + k] + (int32_t)k + 1, o4[i * 4 + k]);
            unsigned from = (k + 2) % 3; /* a.zxy */
            CHECK_MSG(o3[i * 3 + k] == in4[i * 4 + from],
                      "vstore3 of an int3 loaded through a pointer, vector %u component %u: "
                      "expected %d, got %d",
                      i, k, in4[i * 4 + from], o3[i * 3 + k]);
        }
    }
}

/* as_<type>: the bytes unchanged between same-size types of different component counts. */
static void vec_as_type(conf_t *t)
{
    struct cast {
        const char *to, *from;
        unsigned wto, wfrom, size;
        bool fp64;
    };
    static const struct cast casts[] = {
        {"char16", "float4", 16, 4, 16, false},   {"int2", "double", 2, 1, 8, true},
        {"float4", "int4", 4, 4, 16, false},      {"uchar4", "float", 4, 1, 4, false},
        {"short2", "int", 2, 1, 4, false},        {"long", "int2", 1, 2, 8, false},
        {"ulong2", "float4", 2, 4, 16, false},    {"uchar8", "short4", 8, 4, 8, false},
        {"short8", "long2", 8, 2, 16, false},     {"double2", "uint4", 2, 4, 16, true},
        {"int3", "float3", 3, 3, 16, false},      {"char4", "uchar4", 4, 4, 4, false},
        {"ushort16", "double4", 16, 4, 32, true}, {"int4", "float3", 4, 3, 16, false},
        {"float3", "int4", 3, 4, 16, false},      {"char16", "float3", 16, 3, 16, false},
        {"int3", "char16", 3, 16, 16, false},     {NULL, NULL, 0, 0, 0, false},
    };
    bool fp64 = conf_has_fp64(t);
    struct src *s = src_new(t);
    enum { G = 32 };
    unsigned char in[G * 32], out[G * 32];
    src_add(s, "%s", fp64 ? "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n" : "");
    unsigned nc = 0;
    for (unsigned c = 0; casts[c].size; c++, nc++) {
        if (casts[c].fp64 && !fp64)
            continue;
        /* Elements of the memory arrays: the scalar types of each vector. */
        char fs[16], ts[16];
        snprintf(fs, sizeof(fs), "%.*s", (int)strcspn(casts[c].from, "0123456789"), casts[c].from);
        snprintf(ts, sizeof(ts), "%.*s", (int)strcspn(casts[c].to, "0123456789"), casts[c].to);
        char ld[96], st[160];
        if (casts[c].wfrom == 1)
            snprintf(ld, sizeof(ld), "in[i]");
        else
            snprintf(ld, sizeof(ld), "vload%u(i, in)", casts[c].wfrom);
        if (casts[c].wto == 1)
            snprintf(st, sizeof(st), "out[i] = as_%s(%s)", casts[c].to, ld);
        else
            snprintf(st, sizeof(st), "vstore%u(as_%s(%s), i, out)", casts[c].wto, casts[c].to, ld);
        src_add(s,
                "__kernel void c%u(__global const %s *in, __global %s *out)\n{\n"
                "    size_t i = get_global_id(0);\n    %s;\n}\n",
                c, fs, ts, st);
    }
    cl_program p = conf_build_src(t, src_text(s), "as_type");
    if (!p)
        return;
    uint64_t seed = 5;
    for (unsigned i = 0; i < sizeof(in); i++)
        in[i] = (unsigned char)conf_rand(&seed);
    for (unsigned c = 0; c < nc; c++) {
        if (casts[c].fp64 && !fp64)
            continue;
        char kname[16];
        snprintf(kname, sizeof(kname), "c%u", c);
        /*
         * vload3/vstore3 move 12 packed bytes; a 3-component vector has the size of four
         * components, so only the first 12 bytes of a cast to or from one are defined.
         */
        bool three = casts[c].wfrom == 3 || casts[c].wto == 3;
        unsigned istep = casts[c].wfrom == 3 ? 12 : casts[c].size;
        unsigned ostep = casts[c].wto == 3 ? 12 : casts[c].size;
        unsigned cmp = three ? 12 : casts[c].size;
        memset(out, 0xcd, sizeof(out));
        struct karg args[2] = {{in, sizeof(in), false}, {out, sizeof(out), true}};
        t->checks++;
        if (!conf_run_1d(t, p, kname, G, args, 2))
            return;
        for (unsigned g = 0; g < G; g++) {
            size_t i = conf_first_mismatch(in + g * istep, out + g * ostep, cmp);
            if (i != cmp) {
                conf_fail(t, __FILE__, __LINE__,
                          "as_%s(%s) item %u: byte %zu differs: expected 0x%02x, got 0x%02x",
                          casts[c].to, casts[c].from, g, i, in[g * istep + i], out[g * ostep + i]);
                break;
            }
        }
    }
}

/* --- half ---------------------------------------------------------------- */

static const char *const hmode[5] = {"", "_rte", "_rtz", "_rtp", "_rtn"};
static const int hfenv[5] = {FE_TONEAREST, FE_TONEAREST, FE_TOWARDZERO, FE_UPWARD, FE_DOWNWARD};

static double half_value(uint16_t h)
{
    int e = (h >> 10) & 0x1f;
    double m = h & 0x3ff;
    double v = e == 0 ? ldexp(m, -24) : e == 31 ? (m ? NAN : INFINITY) : ldexp(m + 1024, e - 25);
    return h & 0x8000 ? -v : v;
}

/* @x rounded to half in rounding mode @mode: the host FPU rounds x / ulp to an integer. */
static uint16_t half_of(double x, int mode)
{
    uint16_t sign = signbit(x) ? 0x8000 : 0;
    double a = fabs(x);
    if (isnan(x))
        return 0x7e00;
    if (isinf(x))
        return sign | 0x7c00;
    if (a == 0)
        return sign;
    int e = ilogb(a);
    double ulp = ldexp(1, (e < -14 ? -14 : e) - 10);
    fesetround(hfenv[mode]);
    volatile double q = x / ulp; /* exact: a power-of-two scaling */
    double r = fabs(rint(q)) * ulp;
    fesetround(FE_TONEAREST);
    if (r > 65504) {
        bool to_inf = mode <= 1 || (mode == 3 && !sign) || (mode == 4 && sign);
        return sign | (to_inf ? 0x7c00 : 0x7bff);
    }
    if (r == 0)
        return sign;
    if (r < 0x1p-14)
        return sign | (uint16_t)(r / 0x1p-24);
    int re = ilogb(r);
    return sign | (uint16_t)((re + 15) << 10) | (uint16_t)(r / ldexp(1, re - 10) - 1024);
}

static void vec_vload_half(conf_t *t)
{
    bool fp64 = conf_has_fp64(t);
    struct src *s = src_new(t);
    enum { H = 65536 / 16 * 16 };
    uint16_t *hin = malloc(H * 2);
    float *out = malloc((size_t)H * 8);
    conf_defer_free(t, hin);
    conf_defer_free(t, out);
    if (!hin || !out) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    for (unsigned i = 0; i < H; i++)
        hin[i] = (uint16_t)i;
    for (int dbl = 0; dbl < (fp64 ? 2 : 1); dbl++) {
        const char *ft = dbl ? "double" : "float";
        src_reset(s);
        if (dbl)
            src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            for (int aligned = 0; aligned < (w == 1 ? 1 : 2); aligned++) {
                src_add(s,
                        "__kernel void l%u%c(__global const half *in, __global %s *out)\n{\n"
                        "    size_t i = get_global_id(0);\n",
                        w, aligned ? 'a' : 'p', ft);
                if (w == 1)
                    src_add(s, "    out[i] = vload_half(i, in);\n}\n");
                else
                    src_add(s, "    vstore%u(convert_%s%u(vload%s_half%u(i, in)), i, out);\n}\n", w,
                            ft, w, aligned ? "a" : "", w);
            }
        }
        cl_program p = conf_build_src(t, src_text(s), dbl ? "vload_half to double" : "vload_half");
        if (!p)
            return;
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            for (int aligned = 0; aligned < (w == 1 ? 1 : 2); aligned++) {
                /* vloada_half3 reads four halves per vector, of which three are used. */
                unsigned stride = aligned && w == 3 ? 4 : w, groups = H / 16 / stride * 16;
                char kname[16];
                snprintf(kname, sizeof(kname), "l%u%c", w, aligned ? 'a' : 'p');
                size_t osz = dbl ? 8 : 4;
                memset(out, 0xcd, (size_t)groups * w * osz);
                struct karg args[2] = {{hin, H * 2, false}, {out, (size_t)groups * w * osz, true}};
                t->checks++;
                if (!conf_run_1d(t, p, kname, groups, args, 2))
                    return;
                unsigned bad = 0;
                for (unsigned g = 0; g < groups; g++) {
                    for (unsigned k = 0; k < w; k++) {
                        uint16_t h = hin[g * stride + k];
                        double want = half_value(h), got;
                        if (dbl) {
                            got = ((double *)(void *)out)[g * w + k];
                        } else {
                            got = out[g * w + k];
                        }
                        bool ok = isnan(want) ? isnan(got)
                                              : (want == got && signbit(want) == signbit(got));
                        if (!ok && bad++ < MAX_SHOW)
                            conf_fail(t, __FILE__, __LINE__,
                                      "vload%s_half%.0u to %s: half 0x%04x: expected %a, got %a",
                                      aligned ? "a" : "", w > 1 ? w : 0, ft, h, want, got);
                    }
                }
            }
        }
    }
}

static unsigned half_store_inputs(double *v, unsigned n, bool dbl)
{
    static const double edges[] = {0.0,
                                   1.0,
                                   65504.0,
                                   65519.0,
                                   65520.0,
                                   65535.0,
                                   65536.0,
                                   1e10,
                                   0x1p-14,
                                   0x1p-24,
                                   0x1p-25,
                                   0x1.8p-25,
                                   0x1.0000000001p-25,
                                   0x1.ffcp-15,
                                   0x1.ffep-15,
                                   1.0 + 0x1p-11,
                                   1.0 + 0x1p-11 + 0x1p-30,
                                   1.0 + 0x3p-11,
                                   2049.0,
                                   2051.0,
                                   0.1,
                                   1e-10,
                                   INFINITY,
                                   NAN};
    unsigned k = 0;
    for (unsigned i = 0; i < sizeof(edges) / sizeof(edges[0]); i++) {
        double e = dbl ? edges[i] : (double)(float)edges[i];
        v[k++] = e;
        v[k++] = -e;
    }
    uint64_t seed = 2024 + dbl;
    while (k < n) {
        uint64_t r = conf_rand(&seed);
        double x = ldexp((double)(r >> 11) / 0x1p53 + 1.0, (int)((r & 63) % 48) - 30);
        if (r & 64)
            x = -x;
        /* near-ties: a value close to a half rounding boundary */
        if (r & 128)
            x = half_value((uint16_t)(r >> 20)) + (r & 256 ? 1 : -1) * ldexp(1, -35);
        v[k++] = dbl ? x : (double)(float)x;
    }
    return k;
}

static void vec_vstore_half(conf_t *t)
{
    bool fp64 = conf_has_fp64(t);
    struct src *s = src_new(t);
    enum { M = 1536 }; /* values, a multiple of 48 */
    double *vals = malloc(M * 8);
    unsigned char *in = malloc(M * 8);
    uint16_t *out = malloc(5 * M * 2 * 2);
    conf_defer_free(t, vals);
    conf_defer_free(t, in);
    conf_defer_free(t, out);
    if (!vals || !in || !out) {
        conf_fail(t, __FILE__, __LINE__, "out of memory");
        return;
    }
    for (int dbl = 0; dbl < (fp64 ? 2 : 1); dbl++) {
        const char *ft = dbl ? "double" : "float";
        half_store_inputs(vals, M, dbl);
        for (unsigned i = 0; i < M; i++) {
            if (dbl) {
                memcpy(in + i * 8, &vals[i], 8);
            } else {
                float f = (float)vals[i];
                memcpy(in + i * 4, &f, 4);
            }
        }
        src_reset(s);
        if (dbl)
            src_add(s, "#pragma OPENCL EXTENSION cl_khr_fp64 : enable\n");
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            for (int aligned = 0; aligned < (w == 1 ? 1 : 2); aligned++) {
                unsigned stride = aligned && w == 3 ? 4 : w;
                src_add(s,
                        "__kernel void s%u%c(__global const %s *in, __global half *out)\n{\n"
                        "    size_t i = get_global_id(0);\n",
                        w, aligned ? 'a' : 'p', ft);
                for (unsigned m = 0; m < 5; m++) {
                    unsigned off = m * (M / w) * stride;
                    if (w == 1)
                        src_add(s, "    vstore_half%s(in[i], i, out + %u);\n", hmode[m], off);
                    else
                        src_add(s, "    vstore%s_half%u%s(vload%u(i, in), i, out + %u);\n",
                                aligned ? "a" : "", w, hmode[m], w, off);
                }
                src_add(s, "}\n");
            }
        }
        cl_program p =
            conf_build_src(t, src_text(s), dbl ? "vstore_half from double" : "vstore_half");
        if (!p)
            return;
        for (unsigned wi = 0; wi < 6; wi++) {
            unsigned w = conf_widths[wi];
            for (int aligned = 0; aligned < (w == 1 ? 1 : 2); aligned++) {
                unsigned stride = aligned && w == 3 ? 4 : w, groups = M / w;
                char kname[16];
                snprintf(kname, sizeof(kname), "s%u%c", w, aligned ? 'a' : 'p');
                size_t osize = (size_t)5 * groups * stride * 2;
                memset(out, 0xcd, osize);
                struct karg args[2] = {{in, (size_t)M * (dbl ? 8 : 4), false}, {out, osize, true}};
                t->checks++;
                if (!conf_run_1d(t, p, kname, groups, args, 2))
                    return;
                for (unsigned m = 0; m < 5; m++) {
                    unsigned bad = 0;
                    for (unsigned g = 0; g < groups; g++) {
                        for (unsigned k = 0; k < w; k++) {
                            double x = vals[g * w + k];
                            uint16_t want = half_of(x, (int)m);
                            uint16_t got = out[m * groups * stride + g * stride + k];
                            bool ok = isnan(x) ? (got & 0x7fff) > 0x7c00 : want == got;
                            if (!ok && bad++ < MAX_SHOW)
                                conf_fail(t, __FILE__, __LINE__,
                                          "vstore%s_half%.0u%s from %s: input %a: expected "
                                          "0x%04x, got 0x%04x",
                                          aligned ? "a" : "", w > 1 ? w : 0, hmode[m], ft, x, want,
                                          got);
                        }
                    }
                }
            }
        }
    }
}

static const struct conf_test tests[] = {
    CONF_TEST(vec_swizzles),   CONF_TEST(vec_vec3_layout), CONF_TEST(vec_as_type),
    CONF_TEST(vec_vload_half), CONF_TEST(vec_vstore_half),
};

CONF_CATEGORY_TIMEOUT(conf_cat_vector, "vector",
                      "swizzles, vector literals, vec3 layout, as_type and half loads/stores",
                      tests, 600);
