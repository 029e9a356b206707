/* SPDX-License-Identifier: MIT */
/*
 * Lowering of OpExtInst. OpenCL.std: the instructions the ISA has directly
 * or that expand to a few instructions (fma, mad, fabs, fmin/fmax, sqrt,
 * rounding, copysign, integer abs/min/max/mul_hi/clamp, mix, select,
 * bitselect, vloadn/vstoren and the half loads/stores, bit counts). Every
 * other OpenCL.std instruction is a call into the built-in library that the
 * front end linked into the program (compiler/builtins.h): libclc's math and
 * hmmcl's own runtime/builtins/, lowered like the program's own functions,
 * so the kernel driver runs them as verified device code too.
 * Debug-information sets are ignored.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <spirv/unified1/OpenCL.std.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

/* Component-wise op over the first @nargs arguments. */
static void each(struct lower *L, const struct lower_ext *x, uint8_t op, uint8_t mod, int nargs,
                 int32_t imm)
{
    for (uint32_t k = 0; k < x->n; k++)
        lower_emit(L, op, x->hty, mod, 0, x->d + k, lower_ext_arg(x, 0, k),
                   nargs > 1 ? lower_ext_arg(x, 1, k) : 0, nargs > 2 ? lower_ext_arg(x, 2, k) : 0,
                   imm);
}

static bool is_float(uint8_t h)
{
    return h == HMM_T_F32 || h == HMM_T_F64;
}

/* clamp(x, lo, hi) = min(max(x, lo), hi). */
static void clamp(struct lower *L, const struct lower_ext *x, uint8_t mod)
{
    uint32_t t = lower_temp(L);
    for (uint32_t k = 0; k < x->n; k++) {
        lower_emit(L, HMM_OP_MAX, x->hty, mod, 0, t, lower_ext_arg(x, 0, k), lower_ext_arg(x, 1, k),
                   0, 0);
        lower_emit(L, HMM_OP_MIN, x->hty, mod, 0, x->d + k, t, lower_ext_arg(x, 2, k), 0, 0);
    }
}

/* mix(x, y, a) = x + (y - x) * a. */
static void mix(struct lower *L, const struct lower_ext *x)
{
    uint32_t t = lower_temp(L);
    for (uint32_t k = 0; k < x->n; k++) {
        lower_emit(L, HMM_OP_SUB, x->hty, 0, 0, t, lower_ext_arg(x, 1, k), lower_ext_arg(x, 0, k),
                   0, 0);
        lower_emit(L, HMM_OP_MUL, x->hty, 0, 0, t, t, lower_ext_arg(x, 2, k), 0, 0);
        lower_emit(L, HMM_OP_ADD, x->hty, 0, 0, x->d + k, lower_ext_arg(x, 0, k), t, 0, 0);
    }
}

/* select(a, b, c): scalars c != 0, vectors the most significant bit of c; then b else a. */
static void select_ext(struct lower *L, const struct lower_ext *x, uint32_t ctype)
{
    uint32_t cs = lower_scalar_of(L, ctype);
    uint8_t ch = lower_hty(L, cs);
    if (ch == HMM_T_F32)
        ch = HMM_T_I32;
    else if (ch == HMM_T_F64)
        ch = HMM_T_I64;
    bool vec = lower_leaves(L, ctype) > 1;
    uint32_t zero = lower_const_temp(L, ch, 0), c = lower_temp(L);
    for (uint32_t k = 0; k < x->n; k++) {
        lower_emit(L, HMM_OP_CMP, ch, vec ? HMM_CC_LT : HMM_CC_NE, 0, c, lower_ext_arg(x, 2, k),
                   zero, 0, 0);
        lower_emit(L, HMM_OP_SELECT, HMM_T_I64, 0, 0, x->d + k, c, lower_ext_arg(x, 1, k),
                   lower_ext_arg(x, 0, k), 0);
    }
}

/* bitselect(a, b, c) = (a & ~c) | (b & c), on the bits. */
static void bitselect(struct lower *L, const struct lower_ext *x)
{
    uint8_t it = x->hty == HMM_T_F32 ? HMM_T_I32 : x->hty == HMM_T_F64 ? HMM_T_I64 : x->hty;
    uint32_t t = lower_temp(L), u = lower_temp(L);
    for (uint32_t k = 0; k < x->n; k++) {
        lower_emit(L, HMM_OP_NOT, it, 0, 0, t, lower_ext_arg(x, 2, k), 0, 0, 0);
        lower_emit(L, HMM_OP_AND, it, 0, 0, t, lower_ext_arg(x, 0, k), t, 0, 0);
        lower_emit(L, HMM_OP_AND, it, 0, 0, u, lower_ext_arg(x, 1, k), lower_ext_arg(x, 2, k), 0,
                   0);
        lower_emit(L, HMM_OP_OR, it, 0, 0, x->d + k, t, u, 0, 0);
    }
}

/* mad24/mul24 (exact for the 24-bit inputs they are defined on), mad_hi. */
static void mul_add(struct lower *L, const struct lower_ext *x, uint8_t mulop, uint8_t mod)
{
    uint32_t t = lower_temp(L);
    for (uint32_t k = 0; k < x->n; k++) {
        lower_emit(L, mulop, x->hty, mod, 0, t, lower_ext_arg(x, 0, k), lower_ext_arg(x, 1, k), 0,
                   0);
        lower_emit(L, HMM_OP_ADD, x->hty, 0, 0, x->d + k, t, lower_ext_arg(x, 2, k), 0, 0);
    }
}

/* Address register of p + offset * @scale bytes (offset is a size_t). */
static uint32_t scaled_address(struct lower *L, uint32_t p, uint32_t off, uint64_t scale)
{
    uint32_t t = lower_temp(L), a = lower_temp(L);
    lower_emit(L, HMM_OP_MUL, HMM_T_I64, 0, 0, t, off, lower_const_temp(L, HMM_T_I64, scale), 0, 0);
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, a, p, t, 0, 0);
    return a;
}

static uint8_t ptr_space(struct lower *L, uint32_t ptr_id, uint32_t *elem)
{
    struct spv_type *t = lower_type(L, lower_type_of(L, ptr_id));
    if (!t || t->kind != SPV_T_POINTER) {
        lower_fail(L, "%s: operand is not a pointer", spv_opcode_name(L->in->op));
        return HMM_SPACE_GLOBAL;
    }
    if (elem)
        *elem = t->elem;
    return lower_space(L, t->storage);
}

/* vloadn, vload_half(n), vloada_halfn: operands offset, p [, n]. */
static void vload(struct lower *L, const struct lower_ext *x, uint32_t op)
{
    const struct spv_inst *in = x->in;
    uint32_t p = lower_op(L, in, 6);
    uint8_t space = ptr_space(L, p, NULL);
    uint32_t off = lower_val(L, lower_op(L, in, 5)), pr = lower_val(L, p);
    if (L->err)
        return;
    bool half = op != OpenCLstd_Vloadn;
    uint32_t esize = half ? 2
                          : (x->hty == HMM_T_I8                           ? 1
                             : x->hty == HMM_T_I16                        ? 2
                             : x->hty == HMM_T_I32 || x->hty == HMM_T_F32 ? 4
                                                                          : 8);
    uint32_t stride = x->n;
    if (op == OpenCLstd_Vloada_halfn && x->n == 3)
        stride = 4;
    uint32_t a = scaled_address(L, pr, off, (uint64_t)stride * esize);
    for (uint32_t k = 0; k < x->n; k++) {
        if (!half) {
            lower_emit(L, HMM_OP_LD, x->hty, space, 0, x->d + k, a, 0, 0, (int32_t)(k * esize));
            continue;
        }
        uint32_t t = lower_temp(L);
        lower_emit(L, HMM_OP_LD, HMM_T_F16, space, 0, t, a, 0, 0, (int32_t)(k * 2));
        lower_emit(L, HMM_OP_CVT, x->hty, HMM_T_F16, 0, x->d + k, t, 0, 0, 0);
    }
}

/* vstoren, vstore_half(n)(_r), vstorea_halfn(_r): operands data, offset, p [, mode]. */
static void vstore(struct lower *L, const struct lower_ext *x, uint32_t op)
{
    const struct spv_inst *in = x->in;
    uint32_t data = lower_op(L, in, 5), p = lower_op(L, in, 7);
    uint32_t dt = lower_type_of(L, data);
    uint32_t n = lower_leaves(L, dt);
    uint8_t h = lower_hty(L, lower_scalar_of(L, dt));
    uint8_t space = ptr_space(L, p, NULL);
    uint32_t dr = lower_val(L, data), off = lower_val(L, lower_op(L, in, 6)), pr = lower_val(L, p);
    if (L->err)
        return;
    if (space == HMM_SPACE_CONSTANT) {
        lower_fail(L, "store to the constant address space");
        return;
    }
    bool half = op != OpenCLstd_Vstoren;
    uint8_t flags = 0;
    if (op == OpenCLstd_Vstore_half_r || op == OpenCLstd_Vstore_halfn_r ||
        op == OpenCLstd_Vstorea_halfn_r) {
        uint32_t mode = lower_op(L, in, 8);
        if (mode > SpvFPRoundingModeRTN) {
            lower_fail(L, "OpenCL.std %s: bad rounding mode %u", spv_ocl_name(op), mode);
            return;
        }
        flags = (uint8_t)((mode + 1) << HMM_CVT_ROUND_SHIFT);
    }
    uint32_t esize = half ? 2
                          : (h == HMM_T_I8                      ? 1
                             : h == HMM_T_I16                   ? 2
                             : h == HMM_T_I32 || h == HMM_T_F32 ? 4
                                                                : 8);
    uint32_t stride = n;
    if ((op == OpenCLstd_Vstorea_halfn || op == OpenCLstd_Vstorea_halfn_r) && n == 3)
        stride = 4;
    uint32_t a = scaled_address(L, pr, off, (uint64_t)stride * esize);
    uint32_t t = lower_temp(L);
    for (uint32_t k = 0; k < n; k++) {
        if (!half) {
            lower_emit(L, HMM_OP_ST, h, space, 0, 0, a, dr + k, 0, (int32_t)(k * esize));
            continue;
        }
        lower_emit(L, HMM_OP_CVT, HMM_T_F16, h, flags, t, dr + k, 0, 0, 0);
        lower_emit(L, HMM_OP_ST, HMM_T_F16, space, 0, 0, a, t, 0, (int32_t)(k * 2));
    }
}

/*
 * The OpenCL.std instructions lowered to ISA instructions by lower_ocl();
 * every other one is a call into the built-in library. The two must agree:
 * the call graph (spirv_lower.c) is built from this list before lowering.
 */
static bool ocl_is_native(uint32_t op)
{
    switch (op) {
    case OpenCLstd_Vstoren:
    case OpenCLstd_Vstore_half:
    case OpenCLstd_Vstore_halfn:
    case OpenCLstd_Vstore_half_r:
    case OpenCLstd_Vstore_halfn_r:
    case OpenCLstd_Vstorea_halfn:
    case OpenCLstd_Vstorea_halfn_r:
    case OpenCLstd_Vloadn:
    case OpenCLstd_Vload_half:
    case OpenCLstd_Vload_halfn:
    case OpenCLstd_Vloada_halfn:
    case OpenCLstd_Fma:
    case OpenCLstd_Mad:
    case OpenCLstd_Fabs:
    case OpenCLstd_Fmin:
    case OpenCLstd_FMin_common:
    case OpenCLstd_Fmax:
    case OpenCLstd_FMax_common:
    case OpenCLstd_Sqrt:
    case OpenCLstd_Native_sqrt:
    case OpenCLstd_Half_sqrt:
    case OpenCLstd_Floor:
    case OpenCLstd_Ceil:
    case OpenCLstd_Trunc:
    case OpenCLstd_Rint:
    case OpenCLstd_Round:
    case OpenCLstd_Copysign:
    case OpenCLstd_Fmod:
    case OpenCLstd_Native_divide:
    case OpenCLstd_FClamp:
    case OpenCLstd_Mix:
    case OpenCLstd_SAbs:
    case OpenCLstd_UAbs:
    case OpenCLstd_SMin:
    case OpenCLstd_UMin:
    case OpenCLstd_SMax:
    case OpenCLstd_UMax:
    case OpenCLstd_SMul_hi:
    case OpenCLstd_UMul_hi:
    case OpenCLstd_SMad_hi:
    case OpenCLstd_UMad_hi:
    case OpenCLstd_SClamp:
    case OpenCLstd_UClamp:
    case OpenCLstd_SMul24:
    case OpenCLstd_UMul24:
    case OpenCLstd_SMad24:
    case OpenCLstd_UMad24:
    case OpenCLstd_Clz:
    case OpenCLstd_Ctz:
    case OpenCLstd_Popcount:
    case OpenCLstd_Select:
    case OpenCLstd_Bitselect:
        return true;
    default:
        return lower_ocl_int_has(op);
    }
}

/* 1 if the first parameter in mangled parameters @p is a signed integer, 0 if unsigned. */
static int mangled_signed(const char *p)
{
    if (p[0] == 'D' && p[1] == 'v') {
        p += 2;
        while (*p >= '0' && *p <= '9')
            p++;
        if (*p == '_')
            p++;
    }
    if (*p && strchr("casil", *p))
        return 1;
    if (*p && strchr("htjm", *p))
        return 0;
    return -1;
}

/*
 * The built-in name in @mangled ("_Z<len><name><params>", Itanium mangling
 * as clang writes it for OpenCL C): its @len characters at @name, or false
 * if @mangled has none.
 */
static bool mangled_name(const char *mangled, const char **name, size_t *len)
{
    char *end;
    unsigned long n;

    if (!mangled || strncmp(mangled, "_Z", 2) || mangled[2] < '1' || mangled[2] > '9')
        return false;
    n = strtoul(mangled + 2, &end, 10);
    if (strnlen(end, n) != n)
        return false;
    *name = end;
    *len = n;
    return true;
}

/*
 * The module's defined functions with a mangled built-in name, sorted by
 * that name and then by module order: a lookup is a binary search, not a
 * scan of every function for every OpExtInst (twice: the call graph, then
 * the lowering), which made large programs quadratic.
 */
struct lower_fn_name {
    const char *name; /* not NUL-terminated: @len characters */
    size_t len;
    uint32_t fi;
};

struct lower_fn_names {
    struct lower_fn_name *v;
    uint32_t n;
};

static int fn_name_cmp(const void *pa, const void *pb)
{
    const struct lower_fn_name *a = pa, *b = pb;
    size_t n = a->len < b->len ? a->len : b->len;
    int c = memcmp(a->name, b->name, n);

    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->fi < b->fi ? -1 : a->fi > b->fi;
}

static struct lower_fn_names *fn_names(struct lower *L)
{
    struct spv_module *m = L->m;
    struct lower_fn_names *t;

    if (L->fn_names)
        return L->fn_names;
    t = calloc(1, sizeof(*t));
    if (!t || !(t->v = calloc(m->num_funcs ? m->num_funcs : 1, sizeof(*t->v)))) {
        free(t);
        L->err = -ENOMEM;
        return NULL;
    }
    for (uint32_t fi = 0; fi < m->num_funcs; fi++) {
        struct spv_id *fe = &m->ids[m->funcs[fi].id];
        struct lower_fn_name *e = &t->v[t->n];
        if (m->funcs[fi].nblocks &&
            mangled_name(fe->name ? fe->name : fe->d.linkage_name, &e->name, &e->len)) {
            e->fi = fi;
            t->n++;
        }
    }
    qsort(t->v, t->n, sizeof(*t->v), fn_name_cmp);
    L->fn_names = t;
    return t;
}

void lower_ext_free(struct lower *L)
{
    if (L->fn_names)
        free(L->fn_names->v);
    free(L->fn_names);
    L->fn_names = NULL;
}

int32_t lower_ext_library_fn(struct lower *L, const struct spv_inst *in)
{
    struct spv_module *m = L->m;
    if (in->op != SpvOpExtInst || in->nw < 5 || !m->ocl_std || in->w[3] != m->ocl_std ||
        ocl_is_native(in->w[4]))
        return -1;
    const char *name = spv_ocl_name(in->w[4]);
    int want_signed = -1;
    /* s_abs, u_mad_sat, ...: one built-in name, the signedness in the mangling. */
    if ((name[0] == 's' || name[0] == 'u') && name[1] == '_') {
        want_signed = name[0] == 's';
        name += 2;
    }
    struct lower_fn_names *t = fn_names(L);
    if (!t)
        return -1;
    /* the first function named @name: the first of its run in the sorted table */
    struct lower_fn_name key = {.name = name, .len = strlen(name), .fi = 0};
    uint32_t lo = 0, hi = t->n;
    while (lo < hi) {
        uint32_t mid = lo + (hi - lo) / 2;
        if (fn_name_cmp(&t->v[mid], &key) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    uint32_t nargs = in->nw - 5u;
    for (uint32_t k = lo;
         k < t->n && t->v[k].len == key.len && !memcmp(t->v[k].name, name, key.len); k++) {
        uint32_t fi = t->v[k].fi;
        struct spv_function *f = &m->funcs[fi];
        if (f->nparams != nargs || f->ret_type != in->w[1])
            continue;
        if (want_signed >= 0 && mangled_signed(t->v[k].name + t->v[k].len) != want_signed)
            continue;
        uint32_t i = 0;
        while (i < nargs && m->ids[f->params[i]].type == lower_type_of(L, in->w[5 + i]))
            i++;
        if (i == nargs)
            return (int32_t)fi;
    }
    return -1;
}

void lower_ext_gather(struct lower *L, const struct spv_inst *in, uint32_t max_args,
                      struct lower_ext *x)
{
    uint32_t rt = lower_op(L, in, 1);
    uint32_t nargs = in->nw > 5 ? in->nw - 5u : 0;

    if (nargs > max_args)
        nargs = max_args;
    x->in = in;
    x->n = lower_leaves(L, rt);
    x->hty = lower_hty(L, lower_scalar_of(L, rt));
    x->d = lower_def(L, lower_op(L, in, 2));
    for (uint32_t i = 0; i < nargs; i++) {
        uint32_t a = in->w[5 + i];
        x->r[i] = lower_val(L, a);
        x->na[i] = lower_leaves(L, lower_type_of(L, a));
    }
    if (nargs)
        x->ahty = lower_hty(L, lower_scalar_of(L, lower_type_of(L, in->w[5])));
}

static bool lower_ocl(struct lower *L, const struct spv_inst *in, uint32_t op)
{
    if (lower_ocl_int(L, in, op))
        return true;
    struct lower_ext x = {.in = in};
    if (!ocl_is_native(op)) {
        int32_t fi = lower_ext_library_fn(L, in);
        if (fi < 0 && !L->err) {
            lower_fail(L, "OpenCL.std %s is not supported for these operand types",
                       spv_ocl_name(op));
            L->err = -ENOENT; /* the front end may link the built-in library and retry */
        } else if (fi >= 0)
            lower_emit_call(L, (uint32_t)fi, in->w + 5, in->nw - 5u, in->w[1], in->w[2]);
        return true;
    }
    uint32_t nargs = in->nw > 5 ? in->nw - 5 : 0;
    if (op == OpenCLstd_Vstoren || op == OpenCLstd_Vstore_half || op == OpenCLstd_Vstore_halfn ||
        op == OpenCLstd_Vstore_half_r || op == OpenCLstd_Vstore_halfn_r ||
        op == OpenCLstd_Vstorea_halfn || op == OpenCLstd_Vstorea_halfn_r) {
        vstore(L, &x, op);
        return true;
    }
    bool load = op == OpenCLstd_Vloadn || op == OpenCLstd_Vload_half ||
                op == OpenCLstd_Vload_halfn || op == OpenCLstd_Vloada_halfn;
    /* vload reads its own operands: offset, pointer and a literal width. */
    lower_ext_gather(L, in, load ? 0 : 3, &x);
    if (load) {
        vload(L, &x, op);
        return true;
    }
    if (L->err)
        return true;
    if (x.hty == HMM_T_F16 || x.ahty == HMM_T_F16) {
        lower_fail(L, "OpenCL.std %s on half is not supported yet", spv_ocl_name(op));
        return true;
    }
    if (!nargs) {
        lower_fail(L, "OpenCL.std %s: missing operands", spv_ocl_name(op));
        return true;
    }
    if ((op == OpenCLstd_Fabs || op == OpenCLstd_Fmin || op == OpenCLstd_Fmax) &&
        !is_float(x.hty)) {
        lower_fail(L, "OpenCL.std %s on integers", spv_ocl_name(op));
        return true;
    }

    switch (op) {
    case OpenCLstd_Fma:
        each(L, &x, HMM_OP_MATH, 0, 3, HMM_MATH_FMA);
        break;
    case OpenCLstd_Mad:
        each(L, &x, HMM_OP_MATH, 0, 3, HMM_MATH_MAD);
        break;
    case OpenCLstd_Fabs:
        each(L, &x, HMM_OP_ABS, 0, 1, 0);
        break;
    case OpenCLstd_Fmin:
    case OpenCLstd_FMin_common:
        each(L, &x, HMM_OP_MIN, 0, 2, 0);
        break;
    case OpenCLstd_Fmax:
    case OpenCLstd_FMax_common:
        each(L, &x, HMM_OP_MAX, 0, 2, 0);
        break;
    case OpenCLstd_Sqrt:
    case OpenCLstd_Native_sqrt:
    case OpenCLstd_Half_sqrt:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_SQRT);
        break;
    case OpenCLstd_Floor:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_FLOOR);
        break;
    case OpenCLstd_Ceil:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_CEIL);
        break;
    case OpenCLstd_Trunc:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_TRUNC);
        break;
    case OpenCLstd_Rint:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_RINT);
        break;
    case OpenCLstd_Round:
        each(L, &x, HMM_OP_MATH, 0, 1, HMM_MATH_ROUND);
        break;
    case OpenCLstd_Copysign:
        each(L, &x, HMM_OP_MATH, 0, 2, HMM_MATH_COPYSIGN);
        break;
    case OpenCLstd_Fmod:
        each(L, &x, HMM_OP_REM, 0, 2, 0);
        break;
    case OpenCLstd_Native_divide:
        each(L, &x, HMM_OP_DIV, 0, 2, 0);
        break;
    case OpenCLstd_FClamp:
        clamp(L, &x, 0);
        break;
    case OpenCLstd_Mix:
        mix(L, &x);
        break;
    case OpenCLstd_SAbs:
        each(L, &x, HMM_OP_ABS, HMM_SIGNED, 1, 0);
        break;
    case OpenCLstd_UAbs:
        for (uint32_t k = 0; k < x.n; k++)
            lower_mov(L, x.d + k, lower_ext_arg(&x, 0, k), 1);
        break;
    case OpenCLstd_SMin:
        each(L, &x, HMM_OP_MIN, HMM_SIGNED, 2, 0);
        break;
    case OpenCLstd_UMin:
        each(L, &x, HMM_OP_MIN, 0, 2, 0);
        break;
    case OpenCLstd_SMax:
        each(L, &x, HMM_OP_MAX, HMM_SIGNED, 2, 0);
        break;
    case OpenCLstd_UMax:
        each(L, &x, HMM_OP_MAX, 0, 2, 0);
        break;
    case OpenCLstd_SMul_hi:
        each(L, &x, HMM_OP_MULHI, HMM_SIGNED, 2, 0);
        break;
    case OpenCLstd_UMul_hi:
        each(L, &x, HMM_OP_MULHI, 0, 2, 0);
        break;
    case OpenCLstd_SMad_hi:
        mul_add(L, &x, HMM_OP_MULHI, HMM_SIGNED);
        break;
    case OpenCLstd_UMad_hi:
        mul_add(L, &x, HMM_OP_MULHI, 0);
        break;
    case OpenCLstd_SClamp:
        clamp(L, &x, HMM_SIGNED);
        break;
    case OpenCLstd_UClamp:
        clamp(L, &x, 0);
        break;
    case OpenCLstd_SMul24:
    case OpenCLstd_UMul24:
        each(L, &x, HMM_OP_MUL, 0, 2, 0);
        break;
    case OpenCLstd_SMad24:
    case OpenCLstd_UMad24:
        mul_add(L, &x, HMM_OP_MUL, 0);
        break;
    case OpenCLstd_Clz:
        each(L, &x, HMM_OP_CLZ, 0, 1, 0);
        break;
    case OpenCLstd_Ctz:
        each(L, &x, HMM_OP_CTZ, 0, 1, 0);
        break;
    case OpenCLstd_Popcount:
        each(L, &x, HMM_OP_POPCNT, 0, 1, 0);
        break;
    case OpenCLstd_Select:
        select_ext(L, &x, lower_type_of(L, in->w[7]));
        break;
    case OpenCLstd_Bitselect:
        bitselect(L, &x);
        break;
    default:
        lower_fail(L, "internal error: OpenCL.std %s is listed as native but has no lowering",
                   spv_ocl_name(op));
        return true;
    }
    return true;
}

bool lower_extinst(struct lower *L, const struct spv_inst *in)
{
    if (in->op != SpvOpExtInst)
        return false;
    uint32_t set = lower_op(L, in, 3), op = lower_op(L, in, 4);
    if (L->err)
        return true;
    struct spv_id *e = spv_id(L->m, set);
    if (!e || e->kind != SPV_ID_EXTSET) {
        lower_fail(L, "OpExtInst: %%%u is not an extended instruction set", set);
        return true;
    }
    if (set == L->m->ocl_std && op == OpenCLstd_Printf)
        return lower_printf(L, in);
    if (set == L->m->ocl_std)
        return lower_ocl(L, in, op);
    if (e->str &&
        (!strncmp(e->str, "OpenCL.DebugInfo.", 17) || !strncmp(e->str, "NonSemantic.", 12)))
        return true;
    lower_fail(L, "extended instruction set %s is not supported", e->str ? e->str : "?");
    return true;
}
