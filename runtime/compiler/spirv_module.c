/* SPDX-License-Identifier: MIT */
/*
 * SPIR-V binary parser (spirv_module.h). Two passes over the instruction
 * stream: the first records instructions, result ids, types, constants,
 * variables and functions in order; the second applies names and
 * decorations, which may name ids defined after them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spirv/unified1/spirv.h>

#include "compiler/spirv_module.h"
#include "compiler/spirv_names.h"

struct parser {
    struct spv_module *m;
    char *log;
    size_t log_size;
};

static int fail(char *log, size_t log_size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int fail(char *log, size_t log_size, const char *fmt, ...)
{
    if (log && log_size) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(log, log_size, fmt, ap);
        va_end(ap);
    }
    return -EINVAL;
}

#define FAIL(p, ...) fail((p)->log, (p)->log_size, __VA_ARGS__)
/* SPIRV-Tools' default for the validator's max id bound. */
#define SPV_MAX_ID_BOUND 0x3fffffu

static uint32_t bswap32(uint32_t v)
{
    return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

/*
 * Decode the literal string starting at word @at of @in (bytes packed
 * lowest-order first, NUL-terminated inside the instruction). The copy is
 * owned by the module. NULL if unterminated or out of memory.
 */
static const char *take_string(struct parser *p, const struct spv_inst *in, uint32_t at,
                               uint32_t *next)
{
    struct spv_module *m = p->m;
    if (at >= in->nw)
        return NULL;
    size_t max = (size_t)(in->nw - at) * 4;
    char *s = malloc(max + 1);
    if (!s)
        return NULL;
    size_t n = 0;
    bool done = false;
    uint32_t w;
    for (w = at; w < in->nw && !done; w++) {
        for (int b = 0; b < 4; b++) {
            char c = (char)((in->w[w] >> (8 * b)) & 0xff);
            s[n++] = c;
            if (!c) {
                done = true;
                break;
            }
        }
    }
    if (!done) {
        free(s);
        return NULL;
    }
    if (m->num_owned_strings == m->cap_owned_strings) {
        uint32_t cap = m->cap_owned_strings ? 2 * m->cap_owned_strings : 64;
        char **a = realloc(m->owned_strings, cap * sizeof(*a));
        if (!a) {
            free(s);
            return NULL;
        }
        m->owned_strings = a;
        m->cap_owned_strings = cap;
    }
    m->owned_strings[m->num_owned_strings++] = s;
    if (next)
        *next = w;
    return s;
}

static int push_u32(uint32_t **a, uint32_t *n, uint32_t v)
{
    /* Grow at powers of two. */
    if ((*n & (*n - 1)) == 0) {
        uint32_t cap = *n ? 2 * *n : 4;
        uint32_t *b = realloc(*a, cap * sizeof(**a));
        if (!b)
            return -ENOMEM;
        *a = b;
    }
    (*a)[(*n)++] = v;
    return 0;
}

/* A result id defined by @in: in range and not yet defined. */
static int define(struct parser *p, uint32_t inst_index, uint32_t id, enum spv_idkind kind,
                  uint32_t type)
{
    struct spv_module *m = p->m;
    const struct spv_inst *in = &m->insts[inst_index];
    if (!id || id >= m->bound)
        return FAIL(p, "%s: result id %u out of range (bound %u)", spv_opcode_name(in->op), id,
                    m->bound);
    struct spv_id *e = &m->ids[id];
    if (e->kind != SPV_ID_NONE)
        return FAIL(p, "%s: id %%%u defined twice", spv_opcode_name(in->op), id);
    e->kind = kind;
    e->type = type;
    e->inst = inst_index;
    return 0;
}

static struct spv_type *new_type(struct parser *p, uint32_t id)
{
    struct spv_type *t = calloc(1, sizeof(*t));
    if (t)
        p->m->ids[id].t = t;
    return t;
}

/* Check that operand @id names a type (defined earlier). */
static struct spv_type *need_type(struct parser *p, const struct spv_inst *in, uint32_t id)
{
    struct spv_type *t = spv_type(p->m, id);
    if (!t)
        FAIL(p, "%s: %%%u is not a type", spv_opcode_name(in->op), id);
    return t;
}

static int parse_type(struct parser *p, uint32_t ii)
{
    struct spv_module *m = p->m;
    const struct spv_inst *in = &m->insts[ii];
    const uint32_t *w = in->w;
    int err;

    if (in->nw < 2)
        return FAIL(p, "%s: truncated", spv_opcode_name(in->op));
    err = define(p, ii, w[1], SPV_ID_TYPE, 0);
    if (err)
        return err;
    struct spv_type *t = new_type(p, w[1]);
    if (!t)
        return -ENOMEM;

    switch (in->op) {
    case SpvOpTypeVoid:
        t->kind = SPV_T_VOID;
        break;
    case SpvOpTypeBool:
        t->kind = SPV_T_BOOL;
        t->width = 1;
        break;
    case SpvOpTypeInt:
        if (in->nw != 4)
            return FAIL(p, "OpTypeInt: bad length");
        if (w[2] != 8 && w[2] != 16 && w[2] != 32 && w[2] != 64)
            return FAIL(p, "OpTypeInt: %u-bit integers are not supported", w[2]);
        t->kind = SPV_T_INT;
        t->width = w[2];
        break;
    case SpvOpTypeFloat:
        if (in->nw != 3)
            return FAIL(p, "OpTypeFloat: bad length");
        if (w[2] != 16 && w[2] != 32 && w[2] != 64)
            return FAIL(p, "OpTypeFloat: %u-bit floats are not supported", w[2]);
        t->kind = SPV_T_FLOAT;
        t->width = w[2];
        break;
    case SpvOpTypeVector: {
        if (in->nw != 4)
            return FAIL(p, "OpTypeVector: bad length");
        struct spv_type *e = need_type(p, in, w[2]);
        if (!e)
            return -EINVAL;
        if (e->kind != SPV_T_INT && e->kind != SPV_T_FLOAT && e->kind != SPV_T_BOOL)
            return FAIL(p, "OpTypeVector: component type %%%u is not a scalar", w[2]);
        if (w[3] != 2 && w[3] != 3 && w[3] != 4 && w[3] != 8 && w[3] != 16)
            return FAIL(p, "OpTypeVector: %u components", w[3]);
        t->kind = SPV_T_VECTOR;
        t->elem = w[2];
        t->count = w[3];
        break;
    }
    case SpvOpTypeArray: {
        if (in->nw != 4)
            return FAIL(p, "OpTypeArray: bad length");
        if (!need_type(p, in, w[2]))
            return -EINVAL;
        struct spv_id *len = spv_id(m, w[3]);
        if (!len || len->kind != SPV_ID_CONST || !len->c || len->c->parts)
            return FAIL(p, "OpTypeArray: length %%%u is not a constant", w[3]);
        if (len->c->bits == 0 || len->c->bits > 0x7fffffffu)
            return FAIL(p, "OpTypeArray: length %llu out of range",
                        (unsigned long long)len->c->bits);
        t->kind = SPV_T_ARRAY;
        t->elem = w[2];
        t->count = (uint32_t)len->c->bits;
        break;
    }
    case SpvOpTypeStruct:
        /* Members may be forward-declared pointers: checked at layout. */
        t->kind = SPV_T_STRUCT;
        t->count = in->nw - 2;
        t->members = &w[2];
        t->offsets = calloc(t->count ? t->count : 1, sizeof(uint32_t));
        if (!t->offsets)
            return -ENOMEM;
        break;
    case SpvOpTypePointer:
        if (in->nw != 4)
            return FAIL(p, "OpTypePointer: bad length");
        t->kind = SPV_T_POINTER;
        t->storage = w[2];
        t->elem = w[3]; /* may be a forward reference */
        break;
    case SpvOpTypeFunction:
        if (in->nw < 3)
            return FAIL(p, "OpTypeFunction: bad length");
        t->kind = SPV_T_FUNCTION;
        t->elem = w[2];
        t->count = in->nw - 3;
        t->members = &w[3];
        break;
    case SpvOpTypeEvent:
        /*
         * event_t is a value (stored in variables, passed to wait_group_events):
         * hmmcl's is a 64-bit handle, always 0, because an async copy is complete
         * once the wait's barrier is passed (lower_group.c).
         */
        t->kind = SPV_T_INT;
        t->width = 64;
        break;
    case SpvOpTypeOpaque:
    case SpvOpTypeDeviceEvent:
    case SpvOpTypeReserveId:
    case SpvOpTypeQueue:
        t->kind = SPV_T_OPAQUE;
        break;
    default:
        return FAIL(p, "%s is not supported (images, samplers and pipes are not implemented)",
                    spv_opcode_name(in->op));
    }
    return 0;
}

static int parse_constant(struct parser *p, uint32_t ii)
{
    struct spv_module *m = p->m;
    const struct spv_inst *in = &m->insts[ii];
    const uint32_t *w = in->w;
    int err;

    if (in->nw < 3)
        return FAIL(p, "%s: truncated", spv_opcode_name(in->op));
    struct spv_type *t = need_type(p, in, w[1]);
    if (!t)
        return -EINVAL;
    err = define(p, ii, w[2], in->op == SpvOpUndef ? SPV_ID_UNDEF : SPV_ID_CONST, w[1]);
    if (err)
        return err;
    if (in->op == SpvOpUndef)
        return 0;
    struct spv_const *c = calloc(1, sizeof(*c));
    if (!c)
        return -ENOMEM;
    m->ids[w[2]].c = c;

    switch (in->op) {
    case SpvOpConstantTrue:
    case SpvOpSpecConstantTrue:
    case SpvOpConstantFalse:
    case SpvOpSpecConstantFalse:
        if (t->kind != SPV_T_BOOL)
            return FAIL(p, "%s: type is not bool", spv_opcode_name(in->op));
        c->bits = in->op == SpvOpConstantTrue || in->op == SpvOpSpecConstantTrue;
        break;
    case SpvOpConstant:
    case SpvOpSpecConstant:
        if (t->kind != SPV_T_INT && t->kind != SPV_T_FLOAT)
            return FAIL(p, "%s: type is not numeric", spv_opcode_name(in->op));
        if (in->nw != (t->width > 32 ? 5 : 4))
            return FAIL(p, "%s: bad literal size for a %u-bit type", spv_opcode_name(in->op),
                        t->width);
        c->bits = w[3];
        if (t->width > 32)
            c->bits |= (uint64_t)w[4] << 32;
        else if (t->width < 32)
            c->bits &= (1u << t->width) - 1;
        break;
    case SpvOpConstantNull:
        c->null = 1;
        break;
    case SpvOpConstantComposite:
    case SpvOpSpecConstantComposite:
        if (t->kind != SPV_T_VECTOR && t->kind != SPV_T_ARRAY && t->kind != SPV_T_STRUCT)
            return FAIL(p, "%s: type is not a composite", spv_opcode_name(in->op));
        c->parts = &w[3];
        c->nparts = in->nw - 3;
        if (c->nparts != t->count)
            return FAIL(p, "%s: %u constituents for %u members", spv_opcode_name(in->op), c->nparts,
                        t->count);
        for (uint32_t i = 0; i < c->nparts; i++) {
            /* A module-scope variable stands for its address (a pointer initialiser). */
            struct spv_id *e = spv_id(m, c->parts[i]);
            if (!e || (e->kind != SPV_ID_CONST && e->kind != SPV_ID_UNDEF && e->kind != SPV_ID_VAR))
                return FAIL(p, "%s: constituent %%%u is not a constant", spv_opcode_name(in->op),
                            c->parts[i]);
        }
        break;
    case SpvOpSpecConstantOp:
        /* Checked and folded by the lowering (spirv_lower.c, fold_spec_ops). */
        if (in->nw < 5)
            return FAIL(p, "OpSpecConstantOp: truncated");
        c->spec_op = (uint16_t)(w[3] ? w[3] : 0xffff);
        c->ops = &w[4];
        c->nops = in->nw - 4;
        for (uint32_t i = 0; i < c->nops; i++) {
            struct spv_id *e = spv_id(m, c->ops[i]);
            bool literal = (w[3] == SpvOpCompositeExtract && i >= 1) ||
                           ((w[3] == SpvOpCompositeInsert || w[3] == SpvOpVectorShuffle) && i >= 2);
            if (!literal && (!e || (e->kind != SPV_ID_CONST && e->kind != SPV_ID_UNDEF &&
                                    e->kind != SPV_ID_VAR)))
                return FAIL(p, "OpSpecConstantOp: operand %%%u is not a constant", c->ops[i]);
        }
        break;
    default:
        return FAIL(p, "%s is not supported", spv_opcode_name(in->op));
    }
    return 0;
}

static int parse_decoration(struct parser *p, const struct spv_inst *in, uint32_t target,
                            const uint32_t *d, uint32_t nd)
{
    struct spv_module *m = p->m;
    struct spv_id *e = spv_id(m, target);
    if (!e)
        return FAIL(p, "OpDecorate: target %%%u out of range", target);
    if (nd < 1)
        return FAIL(p, "OpDecorate: truncated");
    switch (d[0]) {
    case SpvDecorationBuiltIn:
        if (nd < 2)
            return FAIL(p, "OpDecorate BuiltIn: truncated");
        e->d.builtin = d[1] + 1;
        break;
    case SpvDecorationFuncParamAttr:
        if (nd < 2)
            return FAIL(p, "OpDecorate FuncParamAttr: truncated");
        if (d[1] < 32) /* vendor attributes (RuntimeAlignedINTEL) have no effect */
            e->d.param_attrs |= 1u << d[1];
        break;
    case SpvDecorationAlignment:
        if (nd < 2)
            return FAIL(p, "OpDecorate Alignment: truncated");
        e->d.alignment = d[1];
        break;
    case SpvDecorationFPRoundingMode:
        if (nd < 2 || d[1] > SpvFPRoundingModeRTN)
            return FAIL(p, "OpDecorate FPRoundingMode: bad mode");
        e->d.fp_rounding = (uint8_t)(d[1] + 1);
        break;
    case SpvDecorationSaturatedConversion:
        e->d.saturated = 1;
        break;
    case SpvDecorationConstant:
        e->d.constant = 1;
        break;
    case SpvDecorationVolatile:
        e->d.is_volatile = 1;
        break;
    case SpvDecorationCPacked:
        e->d.cpacked = 1;
        break;
    case SpvDecorationLinkageAttributes: {
        uint32_t next = 0;
        /* d points into in->w: recover the word index. */
        uint32_t at = (uint32_t)(&d[1] - in->w);
        e->d.linkage_name = take_string(p, in, at, &next);
        if (!e->d.linkage_name || next >= in->nw)
            return FAIL(p, "OpDecorate LinkageAttributes: bad name");
        e->d.linkage = in->w[next] == SpvLinkageTypeImport ? 2 : 1;
        break;
    }
    default:
        /* NoSignedWrap, Restrict, Aliased, MaxByteOffset, ...: no effect on lowering. */
        break;
    }
    return 0;
}

static int parse_member_decoration(struct parser *p, const struct spv_inst *in)
{
    if (in->nw < 4)
        return FAIL(p, "OpMemberDecorate: truncated");
    struct spv_type *t = spv_type(p->m, in->w[1]);
    if (!t || t->kind != SPV_T_STRUCT)
        return FAIL(p, "OpMemberDecorate: %%%u is not a struct", in->w[1]);
    if (in->w[2] >= t->count)
        return FAIL(p, "OpMemberDecorate: member %u out of range", in->w[2]);
    if (in->w[3] == SpvDecorationOffset) {
        if (in->nw < 5)
            return FAIL(p, "OpMemberDecorate Offset: truncated");
        t->offsets[in->w[2]] = in->w[4];
        t->layout_state = 0x80; /* explicit offsets: keep them */
    }
    return 0;
}

/* Second pass: names and decorations (they may name later ids). */
static int apply_annotations(struct parser *p)
{
    struct spv_module *m = p->m;
    for (uint32_t i = 0; i < m->num_insts; i++) {
        const struct spv_inst *in = &m->insts[i];
        int err = 0;
        switch (in->op) {
        case SpvOpName: {
            if (in->nw < 3)
                return FAIL(p, "OpName: truncated");
            struct spv_id *e = spv_id(m, in->w[1]);
            if (!e)
                return FAIL(p, "OpName: target %%%u out of range", in->w[1]);
            e->name = take_string(p, in, 2, NULL);
            if (!e->name)
                return FAIL(p, "OpName: unterminated string");
            break;
        }
        case SpvOpDecorate:
            if (in->nw < 3)
                return FAIL(p, "OpDecorate: truncated");
            err = parse_decoration(p, in, in->w[1], &in->w[2], in->nw - 2);
            break;
        case SpvOpMemberDecorate:
            err = parse_member_decoration(p, in);
            break;
        case SpvOpGroupDecorate: {
            if (in->nw < 2)
                return FAIL(p, "OpGroupDecorate: truncated");
            struct spv_id *g = spv_id(m, in->w[1]);
            if (!g || g->kind != SPV_ID_DECOGROUP)
                return FAIL(p, "OpGroupDecorate: %%%u is not a decoration group", in->w[1]);
            /* Apply every OpDecorate aimed at the group to each target. */
            for (uint32_t j = 0; j < m->num_insts && !err; j++) {
                const struct spv_inst *dj = &m->insts[j];
                if (dj->op != SpvOpDecorate || dj->nw < 3 || dj->w[1] != in->w[1])
                    continue;
                for (uint32_t k = 2; k < in->nw && !err; k++)
                    err = parse_decoration(p, dj, in->w[k], &dj->w[2], dj->nw - 2);
            }
            break;
        }
        case SpvOpGroupMemberDecorate:
            return FAIL(p, "OpGroupMemberDecorate is not supported");
        default:
            break;
        }
        if (err)
            return err;
    }
    return 0;
}

static int parse_entry_point(struct parser *p, const struct spv_inst *in)
{
    struct spv_module *m = p->m;
    if (in->nw < 4)
        return FAIL(p, "OpEntryPoint: truncated");
    if (in->w[1] != SpvExecutionModelKernel)
        return FAIL(p, "OpEntryPoint: execution model %u is not Kernel", in->w[1]);
    struct spv_entry *e = realloc(m->entries, (m->num_entries + 1) * sizeof(*e));
    if (!e)
        return -ENOMEM;
    m->entries = e;
    e = &m->entries[m->num_entries++];
    memset(e, 0, sizeof(*e));
    e->func = in->w[2]; /* an id until functions are parsed */
    e->name = take_string(p, in, 3, NULL);
    if (!e->name)
        return FAIL(p, "OpEntryPoint: unterminated name");
    return 0;
}

static int parse_execution_mode(struct parser *p, const struct spv_inst *in)
{
    struct spv_module *m = p->m;
    if (in->nw < 3)
        return FAIL(p, "OpExecutionMode: truncated");
    for (uint32_t i = 0; i < m->num_entries; i++) {
        struct spv_entry *e = &m->entries[i];
        if (e->func != in->w[1])
            continue;
        switch (in->w[2]) {
        case SpvExecutionModeLocalSize:
        case SpvExecutionModeLocalSizeHint: {
            if (in->nw != 6)
                return FAIL(p, "OpExecutionMode LocalSize: bad length");
            uint32_t *s = in->w[2] == SpvExecutionModeLocalSize ? e->reqd_size : e->size_hint;
            for (int d = 0; d < 3; d++)
                s[d] = in->w[3 + d];
            break;
        }
        case SpvExecutionModeVecTypeHint:
            if (in->nw != 4)
                return FAIL(p, "OpExecutionMode VecTypeHint: bad length");
            e->vec_type_hint = in->w[3] + 1;
            break;
        case SpvExecutionModeContractionOff:
            e->contraction_off = 1;
            break;
        default:
            break;
        }
    }
    return 0;
}

static bool is_terminator(uint16_t op)
{
    switch (op) {
    case SpvOpBranch:
    case SpvOpBranchConditional:
    case SpvOpSwitch:
    case SpvOpReturn:
    case SpvOpReturnValue:
    case SpvOpUnreachable:
    case SpvOpKill:
        return true;
    default:
        return false;
    }
}

/* Functions: OpFunction, parameters, blocks, OpFunctionEnd. Starts at insts[*pi]. */
static int parse_function(struct parser *p, uint32_t *pi)
{
    struct spv_module *m = p->m;
    uint32_t i = *pi;
    const struct spv_inst *in = &m->insts[i];
    int err;

    if (in->nw != 5)
        return FAIL(p, "OpFunction: bad length");
    struct spv_type *ft = spv_type(m, in->w[4]);
    if (!ft || ft->kind != SPV_T_FUNCTION)
        return FAIL(p, "OpFunction: %%%u is not a function type", in->w[4]);
    if (!spv_type(m, in->w[1]))
        return FAIL(p, "OpFunction: %%%u is not a type", in->w[1]);
    err = define(p, i, in->w[2], SPV_ID_FUNC, in->w[1]);
    if (err)
        return err;
    struct spv_function *f = realloc(m->funcs, (m->num_funcs + 1) * sizeof(*f));
    if (!f)
        return -ENOMEM;
    m->funcs = f;
    f = &m->funcs[m->num_funcs];
    memset(f, 0, sizeof(*f));
    m->ids[in->w[2]].index = m->num_funcs++;
    f->id = in->w[2];
    f->type = in->w[4];
    f->ret_type = in->w[1];

    struct spv_block *cur = NULL;
    for (i++; i < m->num_insts; i++) {
        in = &m->insts[i];
        if (in->op == SpvOpFunctionEnd) {
            if (cur)
                return FAIL(p, "function %%%u: block %%%u has no terminator", f->id, cur->label);
            if (f->nparams != ft->count)
                return FAIL(p, "function %%%u: %u parameters for a type with %u", f->id, f->nparams,
                            ft->count);
            *pi = i;
            return 0;
        }
        if (in->op == SpvOpFunctionParameter) {
            if (f->nblocks)
                return FAIL(p, "function %%%u: OpFunctionParameter after a block", f->id);
            if (in->nw != 3)
                return FAIL(p, "OpFunctionParameter: bad length");
            err = define(p, i, in->w[2], SPV_ID_PARAM, in->w[1]);
            if (!err && !spv_type(m, in->w[1]))
                err = FAIL(p, "OpFunctionParameter: %%%u is not a type", in->w[1]);
            if (!err)
                err = push_u32(&f->params, &f->nparams, in->w[2]);
            if (err)
                return err;
            continue;
        }
        if (in->op == SpvOpLabel) {
            if (cur)
                return FAIL(p, "function %%%u: block %%%u has no terminator", f->id, cur->label);
            if (in->nw != 2)
                return FAIL(p, "OpLabel: bad length");
            err = define(p, i, in->w[1], SPV_ID_LABEL, 0);
            if (err)
                return err;
            struct spv_block *b = realloc(f->blocks, (f->nblocks + 1) * sizeof(*b));
            if (!b)
                return -ENOMEM;
            f->blocks = b;
            m->ids[in->w[1]].index = f->nblocks;
            cur = &f->blocks[f->nblocks++];
            cur->label = in->w[1];
            cur->first = i + 1;
            continue;
        }
        if (in->op == SpvOpLine || in->op == SpvOpNoLine || in->op == SpvOpNop)
            continue;
        if (!cur)
            return FAIL(p, "function %%%u: %s outside a block", f->id, spv_opcode_name(in->op));
        int has_type, has_result;
        if (spv_opcode_shape(in->op, &has_type, &has_result))
            return FAIL(p, "unknown SPIR-V opcode %u in function %%%u", in->op, f->id);
        if (has_result) {
            uint32_t at = has_type ? 2 : 1;
            if (in->nw <= at)
                return FAIL(p, "%s: truncated", spv_opcode_name(in->op));
            uint32_t type = has_type ? in->w[1] : 0;
            if (has_type && !spv_type(m, type))
                return FAIL(p, "%s: result type %%%u is not a type", spv_opcode_name(in->op), type);
            err = define(p, i, in->w[at], in->op == SpvOpUndef ? SPV_ID_UNDEF : SPV_ID_VALUE, type);
            if (err)
                return err;
        }
        if (is_terminator(in->op)) {
            cur->end = i + 1;
            cur = NULL;
        }
    }
    return FAIL(p, "function %%%u: no OpFunctionEnd", f->id);
}

static int parse_module_inst(struct parser *p, uint32_t *pi)
{
    struct spv_module *m = p->m;
    uint32_t i = *pi;
    const struct spv_inst *in = &m->insts[i];
    const uint32_t *w = in->w;

    switch (in->op) {
    case SpvOpCapability:
        if (in->nw == 2 && w[1] == SpvCapabilityShader)
            return FAIL(p, "Shader modules are not supported (OpenCL kernels only)");
        return 0;
    case SpvOpExtInstImport: {
        if (in->nw < 3)
            return FAIL(p, "OpExtInstImport: truncated");
        int err = define(p, i, w[1], SPV_ID_EXTSET, 0);
        if (err)
            return err;
        m->ids[w[1]].str = take_string(p, in, 2, NULL);
        if (!m->ids[w[1]].str)
            return FAIL(p, "OpExtInstImport: unterminated name");
        if (!strcmp(m->ids[w[1]].str, "OpenCL.std"))
            m->ocl_std = w[1];
        return 0;
    }
    case SpvOpMemoryModel:
        if (in->nw != 3)
            return FAIL(p, "OpMemoryModel: bad length");
        if (w[1] != SpvAddressingModelPhysical64)
            return FAIL(p, "addressing model %u is not supported (Physical64 only)", w[1]);
        m->addressing = w[1];
        return 0;
    case SpvOpEntryPoint:
        return parse_entry_point(p, in);
    case SpvOpExecutionMode:
        return parse_execution_mode(p, in);
    case SpvOpString: {
        if (in->nw < 3)
            return FAIL(p, "OpString: truncated");
        int err = define(p, i, w[1], SPV_ID_STRING, 0);
        if (err)
            return err;
        m->ids[w[1]].str = take_string(p, in, 2, NULL);
        if (!m->ids[w[1]].str)
            return FAIL(p, "OpString: unterminated string");
        return push_u32(&m->strings, &m->num_strings, w[1]);
    }
    case SpvOpDecorationGroup:
        if (in->nw != 2)
            return FAIL(p, "OpDecorationGroup: bad length");
        return define(p, i, w[1], SPV_ID_DECOGROUP, 0);
    case SpvOpTypeVoid:
    case SpvOpTypeBool:
    case SpvOpTypeInt:
    case SpvOpTypeFloat:
    case SpvOpTypeVector:
    case SpvOpTypeMatrix:
    case SpvOpTypeImage:
    case SpvOpTypeSampler:
    case SpvOpTypeSampledImage:
    case SpvOpTypeArray:
    case SpvOpTypeRuntimeArray:
    case SpvOpTypeStruct:
    case SpvOpTypeOpaque:
    case SpvOpTypePointer:
    case SpvOpTypeFunction:
    case SpvOpTypeEvent:
    case SpvOpTypeDeviceEvent:
    case SpvOpTypeReserveId:
    case SpvOpTypeQueue:
    case SpvOpTypePipe:
    case SpvOpTypePipeStorage:
    case SpvOpTypeNamedBarrier:
        return parse_type(p, i);
    case SpvOpConstantTrue:
    case SpvOpConstantFalse:
    case SpvOpConstant:
    case SpvOpConstantComposite:
    case SpvOpConstantNull:
    case SpvOpSpecConstantTrue:
    case SpvOpSpecConstantFalse:
    case SpvOpSpecConstant:
    case SpvOpSpecConstantComposite:
    case SpvOpUndef:
        return parse_constant(p, i);
    case SpvOpSpecConstantOp:
        return parse_constant(p, i);
    case SpvOpConstantSampler:
        return FAIL(p, "OpConstantSampler is not supported (images are not implemented)");
    case SpvOpVariable: {
        if (in->nw < 4 || in->nw > 5)
            return FAIL(p, "OpVariable: bad length");
        struct spv_type *t = spv_type(m, w[1]);
        if (!t || t->kind != SPV_T_POINTER || t->storage != w[3])
            return FAIL(p, "OpVariable %%%u: type is not a pointer of its storage class", w[2]);
        if (w[3] == SpvStorageClassFunction)
            return FAIL(p, "OpVariable %%%u: Function variable at module scope", w[2]);
        if (in->nw == 5) {
            struct spv_id *init = spv_id(m, w[4]);
            if (!init || (init->kind != SPV_ID_CONST && init->kind != SPV_ID_UNDEF &&
                          init->kind != SPV_ID_VAR))
                return FAIL(p, "OpVariable %%%u: initializer is not a constant", w[2]);
        }
        int err = define(p, i, w[2], SPV_ID_VAR, w[1]);
        if (err)
            return err;
        return push_u32(&m->globals, &m->num_globals, w[2]);
    }
    case SpvOpFunction:
        return parse_function(p, pi);
    case SpvOpExtInst:
        /* Module-scope debug information (OpenCL.DebugInfo.100, NonSemantic.*). */
        if (in->nw < 5)
            return FAIL(p, "OpExtInst: truncated");
        return define(p, i, w[2], SPV_ID_VALUE, w[1]);
    case SpvOpExtension:
    case SpvOpSource:
    case SpvOpSourceContinued:
    case SpvOpSourceExtension:
    case SpvOpName:
    case SpvOpMemberName:
    case SpvOpModuleProcessed:
    case SpvOpDecorate:
    case SpvOpMemberDecorate:
    case SpvOpGroupDecorate:
    case SpvOpGroupMemberDecorate:
    case SpvOpDecorateString:
    case SpvOpMemberDecorateString:
    case SpvOpDecorateId:
    case SpvOpExecutionModeId:
    case SpvOpTypeForwardPointer:
    case SpvOpLine:
    case SpvOpNoLine:
    case SpvOpNop:
        return 0;
    default:
        return FAIL(p, "%s is not supported at module scope", spv_opcode_name(in->op));
    }
}

/* An instruction of the module-scope preamble (before types, constants and variables). */
static bool is_preamble(uint32_t op)
{
    switch (op) {
    case SpvOpCapability:
    case SpvOpExtension:
    case SpvOpExtInstImport:
    case SpvOpMemoryModel:
    case SpvOpEntryPoint:
    case SpvOpExecutionMode:
    case SpvOpExecutionModeId:
    case SpvOpString:
    case SpvOpSourceExtension:
    case SpvOpSource:
    case SpvOpSourceContinued:
    case SpvOpName:
    case SpvOpMemberName:
    case SpvOpModuleProcessed:
    case SpvOpDecorate:
    case SpvOpMemberDecorate:
    case SpvOpDecorationGroup:
    case SpvOpGroupDecorate:
    case SpvOpGroupMemberDecorate:
    case SpvOpDecorateId:
    case SpvOpDecorateString:
    case SpvOpMemberDecorateString:
        return true;
    default:
        return false;
    }
}

/* The id a declaration-section instruction defines (0 for OpLine and the like). */
static uint32_t declared_id(const uint32_t *w, uint32_t nw)
{
    uint32_t op = w[0] & 0xffff;
    switch (op) {
    case SpvOpLine:
    case SpvOpNoLine:
    case SpvOpTypeForwardPointer:
        return 0;
    case SpvOpTypePipeStorage:
    case SpvOpTypeNamedBarrier:
        return nw > 1 ? w[1] : 0;
    default:
        if (op >= SpvOpTypeVoid && op < SpvOpTypeForwardPointer)
            return nw > 1 ? w[1] : 0;
        return nw > 2 ? w[2] : 0;
    }
}

/*
 * The ids instruction @w (of @nw words) of the declaration section refers
 * to, for the instructions that can refer forward: constants made of other
 * constants and variables, and variables with initialisers (*@n of them);
 * none for every other instruction.
 */
static const uint32_t *declaration_uses(const uint32_t *w, uint32_t nw, uint32_t *n)
{
    uint32_t op = w[0] & 0xffff, first = 0, last = nw;
    switch (op) {
    case SpvOpConstantComposite:
    case SpvOpSpecConstantComposite:
        first = 3;
        break;
    case SpvOpSpecConstantOp:
        first = 4;
        if (nw > 3 && w[3] == SpvOpCompositeExtract)
            last = first + 1 < nw ? first + 1 : nw;
        else if (nw > 3 && (w[3] == SpvOpCompositeInsert || w[3] == SpvOpVectorShuffle))
            last = first + 2 < nw ? first + 2 : nw;
        break;
    case SpvOpVariable:
        first = 4;
        break;
    default:
        *n = 0;
        return NULL;
    }
    *n = first < last ? last - first : 0;
    return w + first;
}

/*
 * llvm-spirv-15 can emit a constant expression ahead of the variable whose
 * address it takes (`__global long a = (long)&g + 4;`), which SPIR-V's
 * define-before-use rule forbids (spirv-val: "ID has not been defined").
 * Declarations carry no meaning in their order beyond that rule, so the
 * section of types, constants and variables is put in an order where every
 * instruction follows the definitions it uses: stable, an instruction waits
 * only for the declarations it names that come later. Malformed input and
 * true cycles are left in place for the parser and the validator to report.
 */
static void order_declarations(uint32_t *words, size_t num_words, uint32_t bound)
{
    size_t start = 5, end;
    while (start < num_words && (words[start] >> 16) && is_preamble(words[start] & 0xffff) &&
           start + (words[start] >> 16) <= num_words)
        start += words[start] >> 16;
    /* The section ends at the first function; find it and the ids defined in between. */
    uint8_t *state = calloc(bound, 1); /* 1: defined in the section, 2: placed */
    uint32_t *out = NULL;
    size_t *pending = NULL, npending = 0, at = 0;
    if (!state)
        return;
    for (end = start; end < num_words;) {
        uint32_t nw = words[end] >> 16, op = words[end] & 0xffff;
        if (!nw || end + nw > num_words)
            goto out;
        if (op == SpvOpFunction)
            break;
        uint32_t res = declared_id(&words[end], nw);
        if (res && res < bound)
            state[res] = 1;
        end += nw;
    }
    out = malloc((end - start) * sizeof(uint32_t));
    pending = malloc((end - start) * sizeof(size_t));
    if (!out || !pending)
        goto out;
    for (size_t i = start; i < end || npending;) {
        size_t pick = SIZE_MAX;
        /* A pending instruction whose uses are placed now goes first, in order. */
        for (size_t k = 0; k < npending && pick == SIZE_MAX; k++) {
            uint32_t n;
            const uint32_t *u = declaration_uses(&words[pending[k]], words[pending[k]] >> 16, &n);
            bool ready = true;
            for (uint32_t j = 0; j < n && ready; j++)
                ready = u[j] >= bound || state[u[j]] != 1;
            if (ready) {
                pick = pending[k];
                memmove(&pending[k], &pending[k + 1], (npending - k - 1) * sizeof(size_t));
                npending--;
            }
        }
        if (pick == SIZE_MAX && i < end) {
            uint32_t n, nw = words[i] >> 16;
            const uint32_t *u = declaration_uses(&words[i], nw, &n);
            bool ready = true;
            for (uint32_t j = 0; j < n && ready; j++)
                ready = u[j] >= bound || state[u[j]] != 1;
            if (!ready) {
                pending[npending++] = i;
                i += nw;
                continue;
            }
            pick = i;
            i += nw;
        }
        if (pick == SIZE_MAX) {
            /* A cycle: keep the rest as it was. */
            pick = pending[0];
            memmove(&pending[0], &pending[1], (npending - 1) * sizeof(size_t));
            npending--;
        }
        uint32_t nw = words[pick] >> 16;
        memcpy(out + at, &words[pick], nw * sizeof(uint32_t));
        at += nw;
        uint32_t res = declared_id(&words[pick], nw);
        if (res && res < bound && state[res] == 1)
            state[res] = 2;
    }
    memcpy(&words[start], out, (end - start) * sizeof(uint32_t));
out:
    free(state);
    free(out);
    free(pending);
}

int spv_module_parse(const uint32_t *words, size_t num_words, struct spv_module **out, char *log,
                     size_t log_size)
{
    struct parser p = {.log = log, .log_size = log_size};
    int err;

    if (log && log_size)
        log[0] = 0;
    *out = NULL;
    if (!words || num_words < 5)
        return FAIL(&p, "SPIR-V binary too short (%zu words)", num_words);
    bool swap;
    if (words[0] == SpvMagicNumber)
        swap = false;
    else if (bswap32(words[0]) == SpvMagicNumber)
        swap = true;
    else
        return FAIL(&p, "not a SPIR-V binary (magic 0x%08x)", words[0]);
    if (num_words > 0x40000000u)
        return FAIL(&p, "SPIR-V binary too large");

    struct spv_module *m = calloc(1, sizeof(*m));
    if (!m)
        return -ENOMEM;
    p.m = m;
    m->num_words = num_words;
    m->words = malloc(num_words * sizeof(uint32_t));
    if (!m->words) {
        err = -ENOMEM;
        goto err_free;
    }
    for (size_t i = 0; i < num_words; i++)
        m->words[i] = swap ? bswap32(words[i]) : words[i];
    m->version = m->words[1];
    m->bound = m->words[3];
    if ((m->version >> 16) != 1 || ((m->version >> 8) & 0xff) > 6) {
        err = FAIL(&p, "unsupported SPIR-V version 0x%08x", m->version);
        goto err_free;
    }
    /*
     * The validator's default limit (SPIRV-Tools' max id bound): a larger
     * bound is refused there anyway, and would cost an id table of
     * hundreds of megabytes here first (found by fuzz_il).
     */
    if (m->bound == 0 || m->bound > SPV_MAX_ID_BOUND) {
        err = FAIL(&p, "SPIR-V id bound %u out of range", m->bound);
        goto err_free;
    }
    order_declarations(m->words, num_words, m->bound);
    m->ids = calloc(m->bound, sizeof(*m->ids));
    /* At most one instruction per word. */
    m->insts = malloc((num_words - 5) * sizeof(*m->insts) + sizeof(*m->insts));
    if (!m->ids || !m->insts) {
        err = -ENOMEM;
        goto err_free;
    }

    uint32_t line = 0;
    for (size_t at = 5; at < num_words;) {
        uint32_t nw = m->words[at] >> 16, op = m->words[at] & 0xffff;
        if (nw == 0 || at + nw > num_words) {
            err = FAIL(&p, "instruction at word %zu: bad word count %u", at, nw);
            goto err_free;
        }
        if (op == SpvOpLine && nw >= 3)
            line = m->words[at + 2];
        else if (op == SpvOpNoLine)
            line = 0;
        struct spv_inst *in = &m->insts[m->num_insts++];
        in->w = &m->words[at];
        in->op = (uint16_t)op;
        in->nw = (uint16_t)nw;
        in->line = line;
        at += nw;
    }

    for (uint32_t i = 0; i < m->num_insts; i++) {
        err = parse_module_inst(&p, &i);
        if (err)
            goto err_free;
    }
    err = apply_annotations(&p);
    if (err)
        goto err_free;

    for (uint32_t i = 0; i < m->num_entries; i++) {
        struct spv_id *e = spv_id(m, m->entries[i].func);
        if (!e || e->kind != SPV_ID_FUNC) {
            err = FAIL(&p, "OpEntryPoint %s: %%%u is not a function", m->entries[i].name,
                       m->entries[i].func);
            goto err_free;
        }
        m->entries[i].func = e->index;
    }
    *out = m;
    return 0;

err_free:
    spv_module_free(m);
    return err;
}

void spv_module_free(struct spv_module *m)
{
    if (!m)
        return;
    if (m->ids) {
        for (uint32_t i = 0; i < m->bound; i++) {
            if (m->ids[i].t) {
                free(m->ids[i].t->offsets);
                free(m->ids[i].t);
            }
            free(m->ids[i].c);
        }
    }
    for (uint32_t i = 0; i < m->num_funcs; i++) {
        free(m->funcs[i].params);
        free(m->funcs[i].blocks);
    }
    for (uint32_t i = 0; i < m->num_owned_strings; i++)
        free(m->owned_strings[i]);
    free(m->owned_strings);
    free(m->funcs);
    free(m->entries);
    free(m->globals);
    free(m->strings);
    free(m->ids);
    free(m->insts);
    free(m->words);
    free(m);
}

uint32_t spv_scalar_bits(const struct spv_type *t)
{
    switch (t->kind) {
    case SPV_T_BOOL:
        return 1;
    case SPV_T_INT:
    case SPV_T_FLOAT:
        return t->width;
    case SPV_T_POINTER:
        return 64;
    default:
        return 0;
    }
}

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return (v + a - 1) & ~(a - 1);
}

int spv_type_layout(struct spv_module *m, uint32_t id, char *log, size_t log_size)
{
    struct spv_type *t = spv_type(m, id);
    if (!t)
        return fail(log, log_size, "%%%u is not a type", id);
    if ((t->layout_state & 3) == 2)
        return 0;
    if ((t->layout_state & 3) == 1)
        return fail(log, log_size, "type %%%u contains itself", id);
    t->layout_state |= 1;
    int err = 0;
    uint64_t size = 0;

    switch (t->kind) {
    case SPV_T_VOID:
    case SPV_T_FUNCTION:
    case SPV_T_OPAQUE:
        t->size = 0;
        t->align = 1;
        t->nleaves = 0;
        break;
    case SPV_T_BOOL:
        t->size = t->align = 1;
        t->nleaves = 1;
        break;
    case SPV_T_INT:
    case SPV_T_FLOAT:
        t->size = t->align = t->width / 8;
        t->nleaves = 1;
        break;
    case SPV_T_POINTER:
        t->size = t->align = 8;
        t->nleaves = 1;
        break;
    case SPV_T_VECTOR: {
        struct spv_type *e = spv_type(m, t->elem);
        err = spv_type_layout(m, t->elem, log, log_size);
        if (err)
            break;
        t->size = e->size * (t->count == 3 ? 4 : t->count);
        t->align = t->size;
        t->nleaves = t->count;
        break;
    }
    case SPV_T_ARRAY: {
        struct spv_type *e = spv_type(m, t->elem);
        err = spv_type_layout(m, t->elem, log, log_size);
        if (err)
            break;
        if (!e->size) {
            err = fail(log, log_size, "array %%%u of a type without size", id);
            break;
        }
        size = (uint64_t)e->size * t->count;
        if (size > 0x7fffffffu) {
            err = fail(log, log_size, "array %%%u too large", id);
            break;
        }
        t->size = (uint32_t)size;
        t->align = e->align;
        uint64_t leaves = (uint64_t)e->nleaves * t->count;
        t->nleaves = leaves > 0xffffffu ? 0xffffffu : (uint32_t)leaves;
        break;
    }
    case SPV_T_STRUCT: {
        bool explicit_offsets = t->layout_state & 0x80;
        bool packed = m->ids[id].d.cpacked;
        uint32_t align = 1;
        uint64_t leaves = 0;
        for (uint32_t i = 0; i < t->count && !err; i++) {
            struct spv_type *e = spv_type(m, t->members[i]);
            if (!e) {
                err = fail(log, log_size, "struct %%%u: member %u is not a type", id, i);
                break;
            }
            err = spv_type_layout(m, t->members[i], log, log_size);
            if (err)
                break;
            uint32_t a = packed ? 1 : e->align;
            if (!explicit_offsets)
                t->offsets[i] = (uint32_t)(size = align_up((uint32_t)size, a));
            size = (uint64_t)t->offsets[i] + e->size;
            if (size > 0x7fffffffu)
                err = fail(log, log_size, "struct %%%u too large", id);
            if (a > align)
                align = a;
            leaves += e->nleaves;
        }
        if (err)
            break;
        if (explicit_offsets) {
            size = 0;
            for (uint32_t i = 0; i < t->count; i++) {
                uint64_t end = (uint64_t)t->offsets[i] + spv_type(m, t->members[i])->size;
                if (end > size)
                    size = end;
            }
        }
        t->align = align;
        t->size = align_up((uint32_t)size, align);
        t->nleaves = leaves > 0xffffffu ? 0xffffffu : (uint32_t)leaves;
        break;
    }
    }
    if (err) {
        t->layout_state &= ~3;
        return err;
    }
    t->layout_state = (t->layout_state & 0x80) | 2;
    return 0;
}
