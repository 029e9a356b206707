/* SPDX-License-Identifier: MIT */
/*
 * The lowering's shared helpers (lower_internal.h): diagnostics, emitting
 * instructions and temporaries, types and their scalar leaves, constants,
 * value and result registers, calls. Every lower_*.c file and the driver
 * (spirv_lower.c) use them; they use neither.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_names.h"

/* ---- diagnostics and small helpers ---- */

int lower_fail(struct lower *L, const char *fmt, ...)
{
    if (L->err)
        return L->err;
    L->err = -EINVAL;
    if (!L->log || !L->log_size)
        return L->err;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(L->log, L->log_size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= L->log_size)
        return L->err;
    size_t len = (size_t)n;
    if (L->lf && L->lf->name)
        len += (size_t)snprintf(L->log + len, L->log_size - len, " in function %s", L->lf->name);
    if (len < L->log_size && L->in && L->in->line)
        snprintf(L->log + len, L->log_size - len, " (line %u)", L->in->line);
    return L->err;
}

uint32_t lower_op(struct lower *L, const struct spv_inst *in, uint32_t k)
{
    if (k < in->nw)
        return in->w[k];
    lower_fail(L, "%s: missing operand %u", spv_opcode_name(in->op), k);
    return 0;
}

uint32_t lower_emit(struct lower *L, uint8_t op, uint8_t type, uint8_t mod, uint8_t flags,
                    uint32_t d, uint32_t a, uint32_t b, uint32_t c, int32_t imm)
{
    struct hmm_insn insn = {
        .op = op,
        .type = type,
        .mod = mod,
        .flags = flags,
        .dst = (uint16_t)d,
        .a = (uint16_t)a,
        .b = (uint16_t)b,
        .c = (uint16_t)c,
        .imm = imm,
    };
    return hmm_builder_emit(L->b, insn);
}

uint32_t lower_temp(struct lower *L)
{
    uint32_t t = LOWER_TEMP_TOP - L->ntemps++;
    if (L->ntemps > L->max_temps)
        L->max_temps = L->ntemps;
    if (L->ntemps > 16384) {
        lower_fail(L, "too many temporaries");
        L->ntemps = 0;
    }
    return t;
}

struct spv_type *lower_type(struct lower *L, uint32_t id)
{
    struct spv_type *t = spv_type(L->m, id);
    if (!t) {
        lower_fail(L, "%%%u is not a type", id);
        return NULL;
    }
    if ((t->layout_state & 3) != 2) {
        char msg[256];
        if (spv_type_layout(L->m, id, msg, sizeof(msg))) {
            lower_fail(L, "%s", msg);
            return NULL;
        }
    }
    return t;
}

uint32_t lower_leaves(struct lower *L, uint32_t tid)
{
    struct spv_type *t = lower_type(L, tid);
    if (!t)
        return 0;
    if (t->nleaves > LOWER_MAX_LEAVES) {
        lower_fail(L, "value of %u scalars is too large to keep in registers", t->nleaves);
        return 0;
    }
    return t->nleaves;
}

uint32_t lower_leaf(struct lower *L, uint32_t tid, uint32_t k, uint32_t *offset)
{
    uint32_t off = 0;
    for (;;) {
        struct spv_type *t = lower_type(L, tid);
        if (!t)
            return 0;
        switch (t->kind) {
        case SPV_T_VECTOR: {
            struct spv_type *e = lower_type(L, t->elem);
            if (!e)
                return 0;
            *offset = off + k * e->size;
            return t->elem;
        }
        case SPV_T_ARRAY: {
            struct spv_type *e = lower_type(L, t->elem);
            if (!e || !e->nleaves) {
                lower_fail(L, "array of values without scalars");
                return 0;
            }
            off += (k / e->nleaves) * e->size;
            k %= e->nleaves;
            tid = t->elem;
            break;
        }
        case SPV_T_STRUCT: {
            uint32_t i;
            for (i = 0; i < t->count; i++) {
                struct spv_type *e = lower_type(L, t->members[i]);
                if (!e)
                    return 0;
                if (k < e->nleaves)
                    break;
                k -= e->nleaves;
            }
            if (i == t->count) {
                lower_fail(L, "struct leaf out of range");
                return 0;
            }
            off += t->offsets[i];
            tid = t->members[i];
            break;
        }
        case SPV_T_BOOL:
        case SPV_T_INT:
        case SPV_T_FLOAT:
        case SPV_T_POINTER:
            *offset = off;
            return tid;
        default:
            lower_fail(L, "a value of type %%%u cannot be held in registers", tid);
            return 0;
        }
    }
}

uint32_t lower_scalar_of(struct lower *L, uint32_t tid)
{
    struct spv_type *t = lower_type(L, tid);
    if (t && t->kind == SPV_T_VECTOR)
        return t->elem;
    return tid;
}

uint8_t lower_hty(struct lower *L, uint32_t tid)
{
    struct spv_type *t = lower_type(L, tid);
    if (!t)
        return HMM_T_I64;
    switch (t->kind) {
    case SPV_T_BOOL:
        return HMM_T_I8;
    case SPV_T_POINTER:
        return HMM_T_I64;
    case SPV_T_INT:
        return t->width == 8    ? HMM_T_I8
               : t->width == 16 ? HMM_T_I16
               : t->width == 32 ? HMM_T_I32
                                : HMM_T_I64;
    case SPV_T_FLOAT:
        return t->width == 16 ? HMM_T_F16 : t->width == 32 ? HMM_T_F32 : HMM_T_F64;
    default:
        lower_fail(L, "type %%%u is not a scalar", tid);
        return HMM_T_I64;
    }
}

uint32_t lower_type_of(struct lower *L, uint32_t id)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e || !e->type) {
        lower_fail(L, "%%%u is not a value", id);
        return 0;
    }
    return e->type;
}

bool lower_is_const(struct lower *L, uint32_t id)
{
    struct spv_id *e = spv_id(L->m, id);
    return e && e->kind == SPV_ID_CONST && e->c && !e->c->parts && !e->c->addr_var &&
           !e->c->spec_op;
}

uint64_t lower_const_value(struct lower *L, uint32_t id)
{
    if (!lower_is_const(L, id)) {
        lower_fail(L, "%%%u is not a scalar constant", id);
        return 0;
    }
    return L->m->ids[id].c->bits;
}

/* The integer type of the same width as a scalar hmm type (for moves of bits). */
static uint8_t int_of(uint8_t hty)
{
    switch (hty) {
    case HMM_T_F16:
        return HMM_T_I16;
    case HMM_T_F32:
        return HMM_T_I32;
    case HMM_T_F64:
        return HMM_T_I64;
    default:
        return hty;
    }
}

void lower_emit_const(struct lower *L, uint32_t d, uint8_t hty, uint64_t v)
{
    uint8_t it = int_of(hty);
    if (it != HMM_T_I64 || (int64_t)v == (int64_t)(int32_t)v) {
        lower_emit(L, HMM_OP_MOVI, it, 0, 0, d, 0, 0, 0, (int32_t)(uint32_t)v);
        return;
    }
    lower_emit(L, HMM_OP_MOVK, HMM_T_I64, 0, 0, d, 0, 0, 0, (int32_t)hmm_builder_literal(L->b, v));
}

uint32_t lower_const_temp(struct lower *L, uint8_t hty, uint64_t v)
{
    uint32_t t = lower_temp(L);
    lower_emit_const(L, t, hty, v);
    return t;
}

void lower_mov(struct lower *L, uint32_t d, uint32_t s, uint32_t n)
{
    for (uint32_t k = 0; k < n; k++) {
        if (d + k != s + k)
            lower_emit(L, HMM_OP_MOV, HMM_T_I64, 0, 0, d + k, s + k, 0, 0, 0);
    }
}

static uint32_t new_regs(struct lower *L, uint32_t n)
{
    uint32_t r = L->next_reg;
    L->next_reg += n ? n : 1;
    if (L->next_reg >= LOWER_TEMP_TOP - 16384) {
        lower_fail(L, "program needs too many registers");
        L->next_reg = 0;
    }
    return r;
}

uint32_t lower_new_regs(struct lower *L, uint32_t n)
{
    return new_regs(L, n);
}

uint32_t lower_def(struct lower *L, uint32_t id)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e || (e->kind != SPV_ID_VALUE && e->kind != SPV_ID_PARAM)) {
        lower_fail(L, "%%%u is not a value", id);
        return 0;
    }
    if (!L->reg[id])
        L->reg[id] = new_regs(L, e->type ? lower_leaves(L, e->type) : 1) + 1;
    return L->reg[id] - 1;
}

uint32_t lower_val(struct lower *L, uint32_t id)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e) {
        lower_fail(L, "operand %%%u out of range", id);
        return 0;
    }
    switch (e->kind) {
    case SPV_ID_VALUE:
    case SPV_ID_PARAM:
        return lower_def(L, id);
    case SPV_ID_CONST:
    case SPV_ID_UNDEF:
    case SPV_ID_VAR:
        break;
    default:
        lower_fail(L, "%%%u is not a value", id);
        return 0;
    }
    if (L->fconst[id])
        return L->fconst[id] - 1;
    uint32_t n = 1;
    if (e->kind != SPV_ID_VAR)
        n = lower_leaves(L, e->type);
    if (L->err)
        return 0;
    uint32_t r = new_regs(L, n);
    if (L->nfconst == L->cap_fconst) {
        uint32_t cap = L->cap_fconst ? 2 * L->cap_fconst : 64;
        uint32_t *a = realloc(L->fconst_list, cap * sizeof(*a));
        if (!a) {
            L->err = -ENOMEM;
            return 0;
        }
        L->fconst_list = a;
        L->cap_fconst = cap;
    }
    L->fconst_list[L->nfconst++] = id;
    L->fconst[id] = r + 1;
    return r;
}

uint8_t lower_space(struct lower *L, uint32_t storage)
{
    switch (storage) {
    case SpvStorageClassCrossWorkgroup:
        return HMM_SPACE_GLOBAL;
    case SpvStorageClassUniformConstant:
        return HMM_SPACE_CONSTANT;
    case SpvStorageClassWorkgroup:
        return HMM_SPACE_LOCAL;
    case SpvStorageClassFunction:
        return HMM_SPACE_PRIVATE;
    case SpvStorageClassGeneric:
        return HMM_SPACE_GENERIC;
    default:
        lower_fail(L, "storage class %u is not supported", storage);
        return HMM_SPACE_GLOBAL;
    }
}

void lower_emit_call(struct lower *L, uint32_t fi, const uint32_t *args, uint32_t nargs,
                     uint32_t rtype, uint32_t rid)
{
    struct spv_module *m = L->m;
    struct spv_function *cf = &m->funcs[fi];
    struct lower_fn *clf = &L->fns[fi];
    if (!cf->nblocks) {
        lower_fail(L, "call to %s, which this module declares but does not define",
                   clf->name ? clf->name : "?");
        return;
    }
    if (nargs != cf->nparams) {
        lower_fail(L, "%s: %u arguments for %u parameters", spv_opcode_name(L->in->op), nargs,
                   cf->nparams);
        return;
    }
    for (uint32_t i = 0; i < cf->nparams && !L->err; i++) {
        uint32_t n = lower_leaves(L, m->ids[cf->params[i]].type);
        uint32_t d = lower_def(L, cf->params[i]);
        uint32_t s = lower_val(L, args[i]);
        lower_mov(L, d, s, n);
    }
    lower_emit(L, HMM_OP_CALL, HMM_T_NONE, 0, 0, 0, 0, 0, 0, (int32_t)clf->index);
    struct spv_type *rt = lower_type(L, rtype);
    if (rt && rt->kind != SPV_T_VOID)
        lower_mov(L, lower_def(L, rid), clf->ret_reg, lower_leaves(L, rtype));
}
