/* SPDX-License-Identifier: MIT */
/*
 * Lowering of OpenCL.std printf.
 *
 * DOC: printf records
 *
 * A printf call appends one record to the launch's printf buffer, whose
 * device address the kernel stub loads from the hidden argument into
 * L->printf_reg (docs/execution.md, "printf"). Buffer header: u64 next
 * (the offset of the next free byte, advanced with an atomic add) and u64
 * end (the buffer's size). A record is 8-byte aligned:
 *
 *   u32 format   byte offset of the format in the image's string section
 *   u32 size     bytes of the record, 8 + 8 * number of values
 *   u64 value[]  one per scalar the format converts, in order
 *
 * The format is a string literal: it is known here, so it is checked here
 * (util/printf_spec.h; a bad one fails the build) and each value is stored
 * the way the runtime formatter will read it: floating-point conversions
 * as f64, integers as their bits (sign-extended to the conversion's width
 * for d and i when the argument is narrower), %s and %p as the 64-bit
 * address. A vector must have exactly the type its specification names
 * (OpenCL C allows no implicit vector conversions). printf returns 0, or
 * -1 when the record does not fit: nothing is written then.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower_internal.h"
#include "util/printf_spec.h"

#define PRINTF_MAX_CHAIN 32 /* bitcasts and access chains followed to the format variable */

/* The byte offset @in (an access chain with constant indices) adds to its base pointer. */
static bool chain_offset(struct lower *L, const struct spv_inst *in, bool ptr_chain,
                         uint64_t *offset)
{
    struct spv_type *pt = lower_type(L, lower_type_of(L, in->w[3]));
    if (!pt || pt->kind != SPV_T_POINTER)
        return false;
    uint32_t tid = pt->elem;
    uint32_t k = 4;
    if (ptr_chain) {
        struct spv_type *t = lower_type(L, tid);
        if (!t || k >= in->nw || !lower_is_const(L, in->w[k]))
            return false;
        *offset += lower_const_value(L, in->w[k++]) * t->size;
    }
    for (; k < in->nw; k++) {
        struct spv_type *t = lower_type(L, tid);
        if (!t || !lower_is_const(L, in->w[k]))
            return false;
        uint64_t i = lower_const_value(L, in->w[k]);
        if (t->kind == SPV_T_ARRAY || t->kind == SPV_T_VECTOR) {
            struct spv_type *et = lower_type(L, t->elem);
            if (!et)
                return false;
            *offset += i * et->size;
            tid = t->elem;
        } else if (t->kind == SPV_T_STRUCT && i < t->count) {
            *offset += t->offsets[i];
            tid = t->members[i];
        } else {
            return false;
        }
    }
    return true;
}

/* The bytes of constant @id, an array of 8-bit integers, into @buf[@n]. */
static bool const_chars(struct lower *L, uint32_t id, uint8_t *buf, uint64_t n)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e || e->kind != SPV_ID_CONST)
        return false;
    if (e->c->null) {
        memset(buf, 0, n);
        return true;
    }
    if (!e->c->parts || e->c->nparts != n)
        return false;
    for (uint64_t i = 0; i < n; i++) {
        struct spv_id *c = spv_id(L->m, e->c->parts[i]);
        if (!c || c->kind != SPV_ID_CONST || c->c->parts)
            return false;
        buf[i] = (uint8_t)c->c->bits;
    }
    return true;
}

/*
 * The format string @ptr points at: a UniformConstant char array with an
 * initializer, reached through bitcasts and constant access chains.
 * Returns a malloc'd copy or NULL with an error.
 */
static char *format_string(struct lower *L, uint32_t ptr)
{
    struct spv_module *m = L->m;
    uint64_t offset = 0;
    for (int step = 0; step < PRINTF_MAX_CHAIN; step++) {
        struct spv_id *e = spv_id(m, ptr);
        if (!e)
            break;
        if (e->kind == SPV_ID_VAR) {
            const struct spv_inst *vi = &m->insts[e->inst];
            struct spv_type *pt = lower_type(L, e->type);
            struct spv_type *at = pt ? lower_type(L, pt->elem) : NULL;
            struct spv_type *ct = at && at->kind == SPV_T_ARRAY ? lower_type(L, at->elem) : NULL;
            if (!ct || pt->storage != SpvStorageClassUniformConstant || ct->kind != SPV_T_INT ||
                ct->width != 8 || vi->nw != 5 || offset >= at->count)
                break;
            uint8_t *bytes = malloc(at->count + 1);
            if (!bytes) {
                L->err = -ENOMEM;
                return NULL;
            }
            if (!const_chars(L, vi->w[4], bytes, at->count)) {
                free(bytes);
                break;
            }
            bytes[at->count] = 0;
            if (!memchr(bytes + offset, 0, at->count - offset)) {
                free(bytes);
                lower_fail(L, "printf: the format string is not NUL-terminated");
                return NULL;
            }
            char *s = strdup((const char *)bytes + offset);
            free(bytes);
            if (!s)
                L->err = -ENOMEM;
            return s;
        }
        if (e->kind != SPV_ID_VALUE)
            break;
        const struct spv_inst *in = &m->insts[e->inst];
        if ((in->op == SpvOpBitcast || in->op == SpvOpCopyObject) && in->nw == 4) {
            ptr = in->w[3];
            continue;
        }
        bool ptr_chain = in->op == SpvOpPtrAccessChain || in->op == SpvOpInBoundsPtrAccessChain;
        if ((ptr_chain || in->op == SpvOpAccessChain || in->op == SpvOpInBoundsAccessChain) &&
            in->nw >= 4 && chain_offset(L, in, ptr_chain, &offset)) {
            ptr = in->w[3];
            continue;
        }
        break;
    }
    if (!L->err)
        lower_fail(L, "printf: the format must be a string literal");
    return NULL;
}

/* Bits a vector length modifier names (0 if none). */
static uint32_t length_bits(enum hmmcl_pf_length len)
{
    switch (len) {
    case HMMCL_PF_LEN_HH:
        return 8;
    case HMMCL_PF_LEN_H:
        return 16;
    case HMMCL_PF_LEN_HL:
        return 32;
    case HMMCL_PF_LEN_L:
        return 64;
    default:
        return 0;
    }
}

/* Check that argument @arg suits @sp (vectors: exactly the type the specification names). */
static bool check_arg(struct lower *L, const struct hmmcl_pf_spec *sp, uint32_t arg)
{
    uint32_t tid = lower_type_of(L, arg);
    struct spv_type *t = tid ? lower_type(L, tid) : NULL;
    if (!t)
        return false;
    if (sp->vec) {
        struct spv_type *ct = t->kind == SPV_T_VECTOR ? lower_type(L, t->elem) : NULL;
        bool want_float = sp->cls == HMMCL_PF_FLOAT;
        if (!ct || t->count != sp->vec || (ct->kind == SPV_T_FLOAT) != want_float) {
            lower_fail(L, "printf: %%%c with vector size %u needs a %u-component %s vector",
                       sp->conv, sp->vec, sp->vec, want_float ? "floating-point" : "integer");
            return false;
        }
        uint32_t bits = length_bits(sp->length);
        if (bits != ct->width) {
            lower_fail(L, "printf: %%v%u..%c names %u-bit components, the argument has %u-bit",
                       sp->vec, sp->conv, bits, ct->width);
            return false;
        }
        return true;
    }
    switch (sp->cls) {
    case HMMCL_PF_STRING:
    case HMMCL_PF_POINTER:
        if (t->kind != SPV_T_POINTER) {
            lower_fail(L, "printf: %%%c needs a pointer argument", sp->conv);
            return false;
        }
        return true;
    default:
        if (t->kind != SPV_T_INT && t->kind != SPV_T_FLOAT && t->kind != SPV_T_BOOL &&
            t->kind != SPV_T_POINTER) {
            lower_fail(L, "printf: %%%c needs a scalar argument", sp->conv);
            return false;
        }
        return true;
    }
}

/* Store the value(s) of argument @arg for @sp at @rec + *@at, advancing *@at. */
static void store_values(struct lower *L, const struct hmmcl_pf_spec *sp, uint32_t arg,
                         uint32_t rec, int32_t *at, uint32_t tmp)
{
    uint32_t tid = lower_type_of(L, arg);
    uint32_t n = lower_leaves(L, tid);
    uint8_t h = lower_hty(L, lower_scalar_of(L, tid));
    uint32_t r = lower_val(L, arg);
    uint32_t want = hmmcl_pf_int_bits(sp);
    uint32_t have = h == HMM_T_I8 ? 8 : h == HMM_T_I16 ? 16 : h == HMM_T_I32 ? 32 : 64;
    if (L->err)
        return;
    for (uint32_t k = 0; k < n; k++) {
        uint32_t v = r + k;
        if (sp->cls == HMMCL_PF_FLOAT && (h == HMM_T_F32 || h == HMM_T_F16)) {
            lower_emit(L, HMM_OP_CVT, HMM_T_F64, h, 0, tmp, v, 0, 0, 0);
            v = tmp;
        } else if (sp->cls == HMMCL_PF_INT && (sp->conv == 'd' || sp->conv == 'i') &&
                   h >= HMM_T_I8 && h <= HMM_T_I32 && have < want) {
            lower_emit(L, HMM_OP_CVT, HMM_T_I64, h, HMM_CVT_SRC_SIGNED | HMM_CVT_DST_SIGNED, tmp, v,
                       0, 0, 0);
            v = tmp;
        }
        lower_emit(L, HMM_OP_ST, HMM_T_I64, HMM_SPACE_GLOBAL, 0, 0, rec, v, 0, *at);
        *at += 8;
    }
}

/* Parse @fmt and check the @nargs arguments at @args against it, counting the values. */
static bool check_format(struct lower *L, const char *fmt, const uint32_t *args, uint32_t nargs,
                         uint32_t *nvalues)
{
    uint32_t a = 0;
    *nvalues = 0;
    for (const char *p = fmt; *p;) {
        if (*p != '%') {
            p++;
            continue;
        }
        struct hmmcl_pf_spec sp;
        const char *why;
        if (hmmcl_pf_parse(p, &sp, &why)) {
            /* The specification's text, up to its conversion character. */
            size_t n = 1 + strcspn(p + 1, "diouxXfFeEgGaAcsp%\n");
            if (p[n] && p[n] != '\n')
                n++;
            lower_fail(L, "printf: invalid conversion \"%.*s\" at offset %zu of the format: %s",
                       (int)n, p, (size_t)(p - fmt), why);
            return false;
        }
        p += sp.len;
        if (sp.cls == HMMCL_PF_PERCENT)
            continue;
        if (a >= nargs) {
            lower_fail(L, "printf: the format needs more than the %u argument(s) given", nargs);
            return false;
        }
        if (!check_arg(L, &sp, args[a++]))
            return false;
        *nvalues += hmmcl_pf_slots(&sp);
    }
    return true;
}

bool lower_printf(struct lower *L, const struct spv_inst *in)
{
    uint32_t nargs = in->nw > 6 ? in->nw - 6 : 0;
    uint32_t result = lower_def(L, lower_op(L, in, 2));
    char *fmt = format_string(L, lower_op(L, in, 5));
    if (!fmt)
        return true;
    uint32_t nvalues = 0;
    if (!check_format(L, fmt, &in->w[6], nargs, &nvalues)) {
        free(fmt);
        return true;
    }
    /* No record that large fits any printf buffer; keep the offsets in range. */
    if (nvalues > (1u << 20)) {
        free(fmt);
        lower_fail(L, "printf: too many values in one call");
        return true;
    }
    uint32_t fmt_id = hmm_builder_string(L->b, fmt);

    if (!L->printf_reg)
        L->printf_reg = lower_new_regs(L, 1) + 1;
    L->lf->printf = true;
    uint32_t buf = L->printf_reg - 1;
    uint64_t size = 8 + 8 * (uint64_t)nvalues;

    /* Reserve: off = atomic_add(&header.next, size); it fits if off + size <= header.end. */
    uint32_t t_size = lower_const_temp(L, HMM_T_I64, size);
    uint32_t t_off = lower_temp(L), t_end = lower_temp(L), t_cap = lower_temp(L);
    uint32_t t_bad = lower_temp(L), tmp = lower_temp(L);
    lower_emit(L, HMM_OP_ATOMIC, HMM_T_I64, HMM_SPACE_GLOBAL, HMM_ATOMIC_ADD, t_off, buf, t_size, 0,
               HMM_ORDER_RELAXED | (HMM_SCOPE_DEVICE << 4));
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, t_end, t_off, t_size, 0, 0);
    lower_emit(L, HMM_OP_LD, HMM_T_I64, HMM_SPACE_GLOBAL, 0, t_cap, buf, 0, 0, 8);
    lower_emit(L, HMM_OP_CMP, HMM_T_I64, HMM_CC_UGT, 0, t_bad, t_end, t_cap, 0, 0);
    lower_emit(L, HMM_OP_MOVI, HMM_T_I32, 0, 0, result, 0, 0, 0, -1);
    uint32_t skip = lower_emit(L, HMM_OP_BRC, HMM_T_NONE, 0, 0, 0, t_bad, 0, 0, 0);

    /* Write the record at buf + off. */
    uint32_t rec = t_end;
    lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, rec, buf, t_off, 0, 0);
    lower_emit(L, HMM_OP_MOVI, HMM_T_I32, 0, 0, tmp, 0, 0, 0, (int32_t)fmt_id);
    lower_emit(L, HMM_OP_ST, HMM_T_I32, HMM_SPACE_GLOBAL, 0, 0, rec, tmp, 0, 0);
    lower_emit(L, HMM_OP_ST, HMM_T_I32, HMM_SPACE_GLOBAL, 0, 0, rec, t_size, 0, 4);
    int32_t at = 8;
    uint32_t a = 0;
    for (const char *p = fmt; *p && !L->err;) {
        struct hmmcl_pf_spec sp;
        const char *why;
        if (*p != '%') {
            p++;
            continue;
        }
        if (hmmcl_pf_parse(p, &sp, &why)) {
            lower_fail(L, "printf: internal error: the format does not parse again (%s)", why);
            break;
        }
        p += sp.len;
        if (sp.cls != HMMCL_PF_PERCENT)
            store_values(L, &sp, in->w[6 + a++], rec, &at, tmp);
    }
    free(fmt);
    lower_emit(L, HMM_OP_MOVI, HMM_T_I32, 0, 0, result, 0, 0, 0, 0);
    struct hmm_insn *br = hmm_builder_insn(L->b, skip);
    if (br)
        br->imm = (int32_t)hmm_builder_here(L->b);
    return true;
}
