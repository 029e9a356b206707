/* SPDX-License-Identifier: MIT */
/*
 * SPIR-V lowering driver (spirv_lower.h): program layout (call graph,
 * private frames, data and local segments), per-function lowering with
 * control flow and OpPhi, calls, kernel stubs and metadata. The register
 * model is described in lower_internal.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "compiler/lower_internal.h"
#include "compiler/spirv_lower.h"
#include "compiler/spirv_names.h"

/* A kernel's arguments, bytes: see lower_kernel. */
#define MAX_ARG_BYTES (64u * 1024u)

/* Address of __local variable @id into @r: the offset is patched by layout_locals(). */
static void emit_local_addr(struct lower *L, uint32_t id, uint32_t r)
{
    struct lower_fn *lf = L->lf;
    bool listed = false;
    for (uint32_t i = 0; i < lf->nlocals && !listed; i++)
        listed = lf->locals[i] == id;
    if (!listed) {
        uint32_t *a = realloc(lf->locals, (lf->nlocals + 1) * sizeof(*a));
        if (!a) {
            L->err = -ENOMEM;
            return;
        }
        lf->locals = a;
        lf->locals[lf->nlocals++] = id;
    }
    if (L->nlocal_refs == L->cap_local_refs) {
        uint32_t cap = L->cap_local_refs ? 2 * L->cap_local_refs : 16;
        struct lower_local_ref *a = realloc(L->local_refs, cap * sizeof(*a));
        if (!a) {
            L->err = -ENOMEM;
            return;
        }
        L->local_refs = a;
        L->cap_local_refs = cap;
    }
    L->local_refs[L->nlocal_refs].var = id;
    L->local_refs[L->nlocal_refs++].insn =
        lower_emit(L, HMM_OP_LOCAL_ADDR, HMM_T_I64, 0, 0, r, 0, 0, 0, 0);
}

/* ---- constants ---- */

/*
 * The leaf values of constant (or undef) @id into @out[@n], and in @vars[@n]
 * the variable whose address a leaf is relative to (0 for plain values): a
 * module-scope variable standing for its address, or a folded address
 * constant (lower_const.c).
 */
static void const_leaves(struct lower *L, uint32_t id, uint64_t *out, uint32_t *vars, uint32_t n)
{
    struct spv_id *e = spv_id(L->m, id);
    if (!e || (e->kind != SPV_ID_CONST && e->kind != SPV_ID_UNDEF && e->kind != SPV_ID_VAR)) {
        lower_fail(L, "%%%u is not a constant", id);
        return;
    }
    memset(vars, 0, n * sizeof(*vars));
    if (e->kind == SPV_ID_UNDEF || (e->kind == SPV_ID_CONST && e->c->null)) {
        memset(out, 0, n * sizeof(*out));
        return;
    }
    if (e->kind == SPV_ID_VAR || !e->c->parts) {
        if (n != 1) {
            lower_fail(L, "constant %%%u: shape mismatch", id);
            return;
        }
        out[0] = e->kind == SPV_ID_VAR ? 0 : e->c->bits;
        vars[0] = e->kind == SPV_ID_VAR ? id : e->c->addr_var;
        return;
    }
    uint32_t pos = 0;
    for (uint32_t i = 0; i < e->c->nparts && !L->err; i++) {
        uint32_t part = e->c->parts[i];
        uint32_t pn = lower_leaves(L, lower_type_of(L, part));
        if (pos + pn > n) {
            lower_fail(L, "constant %%%u: shape mismatch", id);
            return;
        }
        const_leaves(L, part, out + pos, vars + pos, pn);
        pos += pn;
    }
    if (pos != n)
        lower_fail(L, "constant %%%u: shape mismatch", id);
}

/* The data segment offset of the variable an address leaf points into (0 and an error if none). */
static uint32_t data_var_offset(struct lower *L, uint32_t var)
{
    struct spv_type *pt = lower_type(L, L->m->ids[var].type);
    if (pt && pt->storage != SpvStorageClassCrossWorkgroup &&
        pt->storage != SpvStorageClassUniformConstant)
        lower_fail(L, "the address of %s (storage class %u) is not a constant",
                   L->m->ids[var].name ? L->m->ids[var].name : "a variable", pt->storage);
    return L->var_off[var];
}

/*
 * Bytes of constant @id of type @tid into @buf (the type's size), the
 * initial value of the data segment's bytes at @data_off: an address leaf
 * becomes a segment offset with a relocation (engine/image.h).
 */
static void const_bytes(struct lower *L, uint32_t id, uint32_t tid, uint8_t *buf, uint32_t data_off)
{
    struct spv_type *t = lower_type(L, tid);
    if (!t)
        return;
    uint32_t n = t->nleaves;
    uint64_t *v = calloc(n ? n : 1, sizeof(*v));
    uint32_t *vars = calloc(n ? n : 1, sizeof(*vars));
    if (!v || !vars) {
        L->err = -ENOMEM;
        goto out;
    }
    const_leaves(L, id, v, vars, n);
    for (uint32_t k = 0; k < n && !L->err; k++) {
        uint32_t off;
        uint32_t st = lower_leaf(L, tid, k, &off);
        struct spv_type *s = lower_type(L, st);
        if (!s)
            break;
        if (vars[k]) {
            if (s->size != 8 || (data_off + off) % 8) {
                lower_fail(L, "an address in a %u-byte initializer field", s->size);
                break;
            }
            v[k] += data_var_offset(L, vars[k]);
            hmm_builder_reloc(L->b, data_off + off);
        }
        for (uint32_t i = 0; i < s->size; i++)
            buf[off + i] = (uint8_t)(v[k] >> (8 * i));
    }
out:
    free(v);
    free(vars);
}

/* The prologue: materialise the constants and globals the function used. */
static void emit_prologue(struct lower *L)
{
    struct spv_module *m = L->m;
    for (uint32_t i = 0; i < L->nfconst && !L->err; i++) {
        uint32_t id = L->fconst_list[i];
        uint32_t r = L->fconst[id] - 1;
        struct spv_id *e = &m->ids[id];
        if (e->kind == SPV_ID_VAR) {
            struct spv_type *pt = lower_type(L, e->type);
            if (!pt)
                return;
            switch (pt->storage) {
            case SpvStorageClassCrossWorkgroup:
            case SpvStorageClassUniformConstant:
                lower_emit(L, HMM_OP_DATA_ADDR, HMM_T_I64, 0, 0, r, 0, 0, 0,
                           (int32_t)L->var_off[id]);
                break;
            case SpvStorageClassWorkgroup:
                emit_local_addr(L, id, r);
                break;
            case SpvStorageClassInput:
                lower_fail(L, "built-in variable %s used other than by OpLoad",
                           e->name ? e->name : "?");
                return;
            default:
                lower_fail(L, "module-scope variables of storage class %u are not supported",
                           pt->storage);
                return;
            }
            continue;
        }
        uint32_t n = lower_leaves(L, e->type);
        uint64_t *v = calloc(n ? n : 1, sizeof(*v));
        uint32_t *vars = calloc(n ? n : 1, sizeof(*vars));
        if (!v || !vars) {
            free(v);
            free(vars);
            L->err = -ENOMEM;
            return;
        }
        const_leaves(L, id, v, vars, n);
        for (uint32_t k = 0; k < n && !L->err; k++) {
            uint32_t off;
            uint32_t st = lower_leaf(L, e->type, k, &off);
            if (L->err)
                break;
            if (!vars[k]) {
                lower_emit_const(L, r + k, lower_hty(L, st), v[k]);
                continue;
            }
            /* An address constant: the variable's address plus the offset. */
            lower_emit(L, HMM_OP_DATA_ADDR, HMM_T_I64, 0, 0, r + k, 0, 0, 0,
                       (int32_t)data_var_offset(L, vars[k]));
            if (v[k])
                lower_emit(L, HMM_OP_ADD, HMM_T_I64, 0, 0, r + k, r + k,
                           lower_const_temp(L, HMM_T_I64, v[k]), 0, 0);
        }
        free(v);
        free(vars);
    }
}

/* ---- control flow ---- */

static void branch_to_block(struct lower *L, uint8_t op, uint32_t cond, uint32_t block)
{
    uint32_t at = lower_emit(L, op, HMM_T_NONE, 0, 0, 0, cond, 0, 0, 0);
    if (L->nfixups == L->cap_fixups) {
        uint32_t cap = L->cap_fixups ? 2 * L->cap_fixups : 64;
        struct lower_fixup *a = realloc(L->fixups, cap * sizeof(*a));
        if (!a) {
            L->err = -ENOMEM;
            return;
        }
        L->fixups = a;
        L->cap_fixups = cap;
    }
    L->fixups[L->nfixups++] = (struct lower_fixup){.insn = at, .block = block};
}

/* Block index of label @label in the current function. */
static uint32_t block_of(struct lower *L, uint32_t label)
{
    struct spv_id *e = spv_id(L->m, label);
    if (!e || e->kind != SPV_ID_LABEL || e->index >= L->f->nblocks ||
        L->f->blocks[e->index].label != label) {
        lower_fail(L, "%%%u is not a block of this function", label);
        return 0;
    }
    return e->index;
}

static const struct spv_inst *first_inst(struct lower *L, uint32_t block)
{
    const struct spv_block *b = &L->f->blocks[block];
    for (uint32_t i = b->first; i < b->end; i++) {
        const struct spv_inst *in = &L->m->insts[i];
        if (in->op != SpvOpLine && in->op != SpvOpNoLine && in->op != SpvOpNop)
            return in;
    }
    return NULL;
}

static bool has_phis(struct lower *L, uint32_t block)
{
    const struct spv_inst *in = first_inst(L, block);
    return in && in->op == SpvOpPhi;
}

/*
 * The OpPhi copies of the edge from block @from to block @to, as one
 * parallel copy: every source is read before any destination is written
 * (through temporaries when a source is also a destination, e.g. a phi
 * reading another phi of the same block).
 */
static void edge_copies(struct lower *L, uint32_t from, uint32_t to)
{
    const struct spv_block *b = &L->f->blocks[to];
    uint32_t from_label = L->f->blocks[from].label;
    uint32_t *dst = NULL, *src = NULL, n = 0, cap = 0;

    for (uint32_t i = b->first; i < b->end && !L->err; i++) {
        const struct spv_inst *in = &L->m->insts[i];
        if (in->op == SpvOpLine || in->op == SpvOpNoLine || in->op == SpvOpNop)
            continue;
        if (in->op != SpvOpPhi)
            break;
        if (in->nw < 5 || (in->nw - 3) % 2) {
            lower_fail(L, "OpPhi: bad length");
            break;
        }
        uint32_t value = 0;
        bool found = false;
        for (uint32_t k = 3; k + 1 < in->nw; k += 2) {
            if (in->w[k + 1] == from_label) {
                value = in->w[k];
                found = true;
                break;
            }
        }
        if (!found) {
            lower_fail(L, "OpPhi %%%u has no value for predecessor %%%u", in->w[2], from_label);
            break;
        }
        uint32_t nl = lower_leaves(L, in->w[1]);
        uint32_t d = lower_def(L, in->w[2]);
        uint32_t s = lower_val(L, value);
        if (L->err)
            break;
        if (n + nl > cap) {
            cap = 2 * (n + nl) + 8;
            uint32_t *a = realloc(dst, cap * sizeof(*a)),
                     *c2 = a ? realloc(src, cap * sizeof(*c2)) : NULL;
            if (a)
                dst = a;
            if (!a || !c2) {
                L->err = -ENOMEM;
                break;
            }
            src = c2;
        }
        for (uint32_t k = 0; k < nl; k++) {
            dst[n] = d + k;
            src[n] = s + k;
            n++;
        }
    }
    if (!L->err && n) {
        bool conflict = false;
        for (uint32_t i = 0; i < n && !conflict; i++) {
            for (uint32_t j = 0; j < n; j++) {
                if (i != j && src[i] == dst[j]) {
                    conflict = true;
                    break;
                }
            }
        }
        if (!conflict) {
            for (uint32_t i = 0; i < n; i++)
                lower_mov(L, dst[i], src[i], 1);
        } else {
            uint32_t save = L->ntemps;
            uint32_t first = 0;
            for (uint32_t i = 0; i < n; i++) {
                uint32_t t = lower_temp(L);
                if (i == 0)
                    first = t;
                lower_mov(L, t, src[i], 1);
            }
            for (uint32_t i = 0; i < n; i++)
                lower_mov(L, dst[i], first - i, 1);
            L->ntemps = save;
        }
    }
    free(dst);
    free(src);
}

/* Leave block @from for block @to: phi copies and a branch (none if @to comes next). */
static void jump(struct lower *L, uint32_t from, uint32_t to)
{
    edge_copies(L, from, to);
    if (to != from + 1)
        branch_to_block(L, HMM_OP_BR, 0, to);
}

/* A pending conditional edge that needs phi copies: BRC at @insn to a trampoline. */
struct pending_edge {
    uint32_t insn;
    uint32_t to;
};

static void cond_edge(struct lower *L, uint32_t cond, uint32_t from, uint32_t to,
                      struct pending_edge *pend, uint32_t *npend)
{
    if (!has_phis(L, to)) {
        branch_to_block(L, HMM_OP_BRC, cond, to);
        return;
    }
    uint32_t at = lower_emit(L, HMM_OP_BRC, HMM_T_NONE, 0, 0, 0, cond, 0, 0, 0);
    pend[*npend].insn = at;
    pend[*npend].to = to;
    (*npend)++;
}

static void emit_trampolines(struct lower *L, uint32_t from, struct pending_edge *pend,
                             uint32_t npend)
{
    for (uint32_t i = 0; i < npend && !L->err; i++) {
        uint32_t here = hmm_builder_here(L->b);
        struct hmm_insn *insn = hmm_builder_insn(L->b, pend[i].insn);
        if (insn)
            insn->imm = (int32_t)here;
        edge_copies(L, from, pend[i].to);
        branch_to_block(L, HMM_OP_BR, 0, pend[i].to);
    }
}

static void lower_switch(struct lower *L, uint32_t bi, const struct spv_inst *in)
{
    uint32_t sel = lower_op(L, in, 1), def = lower_op(L, in, 2);
    uint32_t st = lower_type_of(L, sel);
    struct spv_type *t = L->err ? NULL : lower_type(L, st);
    if (!t || t->kind != SPV_T_INT) {
        lower_fail(L, "OpSwitch selector is not an integer");
        return;
    }
    uint32_t lw = t->width > 32 ? 2 : 1;
    if ((in->nw - 3) % (lw + 1)) {
        lower_fail(L, "OpSwitch: bad length");
        return;
    }
    uint32_t ncases = (in->nw - 3) / (lw + 1);
    struct pending_edge *pend = calloc(ncases + 1, sizeof(*pend));
    if (!pend) {
        L->err = -ENOMEM;
        return;
    }
    uint32_t npend = 0;
    uint8_t hty = lower_hty(L, st);
    uint32_t s = lower_val(L, sel);
    for (uint32_t c = 0; c < ncases && !L->err; c++) {
        const uint32_t *w = &in->w[3 + c * (lw + 1)];
        uint64_t v = w[0];
        if (lw == 2)
            v |= (uint64_t)w[1] << 32;
        uint32_t to = block_of(L, w[lw]);
        uint32_t save = L->ntemps;
        uint32_t k = lower_const_temp(L, hty, v);
        uint32_t cond = lower_temp(L);
        lower_emit(L, HMM_OP_CMP, hty, HMM_CC_EQ, 0, cond, s, k, 0, 0);
        cond_edge(L, cond, bi, to, pend, &npend);
        L->ntemps = save;
    }
    if (!L->err) {
        uint32_t to = block_of(L, def);
        edge_copies(L, bi, to);
        branch_to_block(L, HMM_OP_BR, 0, to);
        emit_trampolines(L, bi, pend, npend);
    }
    free(pend);
}

static void lower_call(struct lower *L, const struct spv_inst *in)
{
    uint32_t callee = lower_op(L, in, 3);
    struct spv_id *e = spv_id(L->m, callee);
    if (!e || e->kind != SPV_ID_FUNC) {
        lower_fail(L, "OpFunctionCall: %%%u is not a function", callee);
        return;
    }
    lower_emit_call(L, e->index, in->w + 4, in->nw >= 4 ? in->nw - 4u : 0, in->w[1], in->w[2]);
}

static void lower_terminator(struct lower *L, uint32_t bi, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpBranch:
        jump(L, bi, block_of(L, lower_op(L, in, 1)));
        break;
    case SpvOpBranchConditional: {
        uint32_t c = lower_val(L, lower_op(L, in, 1));
        uint32_t t = block_of(L, lower_op(L, in, 2));
        uint32_t f = block_of(L, lower_op(L, in, 3));
        if (L->err)
            break;
        if (t == f) {
            jump(L, bi, t);
            break;
        }
        struct pending_edge pend[1];
        uint32_t npend = 0;
        cond_edge(L, c, bi, t, pend, &npend);
        if (npend) {
            edge_copies(L, bi, f);
            branch_to_block(L, HMM_OP_BR, 0, f);
            emit_trampolines(L, bi, pend, npend);
        } else {
            jump(L, bi, f);
        }
        break;
    }
    case SpvOpSwitch:
        lower_switch(L, bi, in);
        break;
    case SpvOpReturn:
        lower_emit(L, HMM_OP_RET, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
        break;
    case SpvOpReturnValue: {
        uint32_t v = lower_op(L, in, 1);
        uint32_t n = lower_leaves(L, L->f->ret_type);
        lower_mov(L, L->lf->ret_reg, lower_val(L, v), n);
        lower_emit(L, HMM_OP_RET, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
        break;
    }
    case SpvOpUnreachable:
        lower_emit(L, HMM_OP_TRAP, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
        break;
    default:
        lower_fail(L, "unsupported SPIR-V instruction %s", spv_opcode_name(in->op));
        break;
    }
}

static void lower_inst(struct lower *L, uint32_t bi, const struct spv_inst *in)
{
    switch (in->op) {
    case SpvOpPhi: /* copied on the edges */
    case SpvOpLine:
    case SpvOpNoLine:
    case SpvOpNop:
    case SpvOpLoopMerge:
    case SpvOpSelectionMerge:
    case SpvOpLifetimeStart:
    case SpvOpLifetimeStop:
        return;
    case SpvOpBranch:
    case SpvOpBranchConditional:
    case SpvOpSwitch:
    case SpvOpReturn:
    case SpvOpReturnValue:
    case SpvOpUnreachable:
    case SpvOpKill:
        lower_terminator(L, bi, in);
        return;
    case SpvOpFunctionCall:
        lower_call(L, in);
        return;
    default:
        break;
    }
    if (lower_arith(L, in) || lower_composite(L, in) || lower_convert(L, in) ||
        lower_memory(L, in) || lower_atomic(L, in) || lower_group(L, in) || lower_extinst(L, in))
        return;
    lower_fail(L, "unsupported SPIR-V instruction %s", spv_opcode_name(in->op));
}

static void lower_function(struct lower *L, uint32_t fi)
{
    struct spv_module *m = L->m;
    struct spv_function *f = &m->funcs[fi];
    struct lower_fn *lf = &L->fns[fi];

    L->f = f;
    L->lf = lf;
    L->in = NULL;
    for (uint32_t i = 0; i < L->nfconst; i++)
        L->fconst[L->fconst_list[i]] = 0;
    L->nfconst = 0;
    L->nfixups = 0;
    free(L->block_insn);
    L->block_insn = calloc(f->nblocks ? f->nblocks : 1, sizeof(uint32_t));
    if (!L->block_insn) {
        L->err = -ENOMEM;
        return;
    }

    uint32_t entry = lower_emit(L, HMM_OP_BR, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
    L->fn_entry = entry;
    for (uint32_t bi = 0; bi < f->nblocks && !L->err; bi++) {
        const struct spv_block *b = &f->blocks[bi];
        L->block_insn[bi] = hmm_builder_here(L->b);
        for (uint32_t i = b->first; i < b->end && !L->err; i++) {
            L->in = &m->insts[i];
            L->ntemps = 0;
            lower_inst(L, bi, L->in);
        }
    }
    if (L->err)
        return;
    L->in = NULL;
    uint32_t prologue = hmm_builder_here(L->b);
    L->ntemps = 0;
    emit_prologue(L);
    branch_to_block(L, HMM_OP_BR, 0, 0);
    if (L->err)
        return;
    uint32_t end = hmm_builder_here(L->b);
    struct hmm_insn *insn = hmm_builder_insn(L->b, entry);
    if (insn)
        insn->imm = (int32_t)prologue;
    for (uint32_t i = 0; i < L->nfixups; i++) {
        insn = hmm_builder_insn(L->b, L->fixups[i].insn);
        if (insn)
            insn->imm = (int32_t)L->block_insn[L->fixups[i].block];
    }
    struct hmm_function hf = {
        .entry = entry,
        .end = end,
        .private_offset = lf->private_offset,
        .private_size = lf->frame_size,
        .name = hmm_builder_string(L->b, lf->name ? lf->name : ""),
    };
    hmm_builder_function(L->b, &hf);
}

/* ---- program layout ---- */

static uint32_t align_up(uint32_t v, uint32_t a)
{
    return a ? (v + a - 1) / a * a : v;
}

static void add_callee(struct lower *L, struct lower_fn *lf, uint32_t callee)
{
    for (uint32_t i = 0; i < lf->ncallees; i++) {
        if (lf->callees[i] == callee)
            return;
    }
    uint32_t *a = realloc(lf->callees, (lf->ncallees + 1) * sizeof(*a));
    if (!a) {
        L->err = -ENOMEM;
        return;
    }
    lf->callees = a;
    lf->callees[lf->ncallees++] = callee;
}

/* Callees and private frame of every function. */
static void scan_functions(struct lower *L)
{
    struct spv_module *m = L->m;
    for (uint32_t fi = 0; fi < m->num_funcs && !L->err; fi++) {
        struct spv_function *f = &m->funcs[fi];
        struct lower_fn *lf = &L->fns[fi];
        struct spv_id *fe = &m->ids[f->id];
        lf->name = fe->name ? fe->name : fe->d.linkage_name;
        for (uint32_t e = 0; e < m->num_entries && !lf->name; e++) {
            if (m->entries[e].func == fi)
                lf->name = m->entries[e].name;
        }
        lf->frame_align = 16;
        L->lf = lf;
        for (uint32_t bi = 0; bi < f->nblocks && !L->err; bi++) {
            for (uint32_t i = f->blocks[bi].first; i < f->blocks[bi].end && !L->err; i++) {
                const struct spv_inst *in = &m->insts[i];
                L->in = in;
                if (in->op == SpvOpFunctionCall) {
                    struct spv_id *c = spv_id(m, lower_op(L, in, 3));
                    if (!c || c->kind != SPV_ID_FUNC)
                        lower_fail(L, "OpFunctionCall: %%%u is not a function", in->w[3]);
                    else
                        add_callee(L, lf, c->index);
                } else if (in->op == SpvOpExtInst) {
                    /* OpenCL.std instructions the built-in library implements are calls. */
                    int32_t lib = lower_ext_library_fn(L, in);
                    if (lib >= 0)
                        add_callee(L, lf, (uint32_t)lib);
                } else if (in->op == SpvOpVariable) {
                    struct spv_type *pt = lower_type(L, in->w[1]);
                    if (!pt || pt->kind != SPV_T_POINTER ||
                        lower_op(L, in, 3) != SpvStorageClassFunction) {
                        lower_fail(L, "OpVariable inside a function must be a Function pointer");
                        break;
                    }
                    struct spv_type *vt = lower_type(L, pt->elem);
                    if (!vt)
                        break;
                    uint32_t al = vt->align ? vt->align : 1;
                    if (m->ids[in->w[2]].d.alignment > al)
                        al = m->ids[in->w[2]].d.alignment;
                    if (al > 4096)
                        al = 4096;
                    uint32_t off = align_up(lf->frame_size, al);
                    if ((uint64_t)off + vt->size > (1u << 30)) {
                        lower_fail(L, "private variables too large");
                        break;
                    }
                    L->var_off[in->w[2]] = off;
                    lf->frame_size = off + (vt->size ? vt->size : 1);
                    if (al > lf->frame_align)
                        lf->frame_align = al;
                }
            }
        }
    }
    L->lf = NULL;
    L->in = NULL;
}

/*
 * Kernel stubs are nodes num_funcs + e. Topological order of the reachable
 * call graph (Kahn), then each frame after those of all its callers.
 */
static void layout_frames(struct lower *L, uint32_t nnodes)
{
    uint32_t *indeg = calloc(nnodes, sizeof(uint32_t));
    uint32_t *queue = calloc(nnodes, sizeof(uint32_t));
    if (!indeg || !queue) {
        L->err = -ENOMEM;
        goto out;
    }
    uint32_t nreach = 0;
    for (uint32_t n = 0; n < nnodes; n++) {
        if (!L->fns[n].reachable)
            continue;
        nreach++;
        for (uint32_t i = 0; i < L->fns[n].ncallees; i++)
            indeg[L->fns[n].callees[i]]++;
    }
    uint32_t head = 0, tail = 0;
    for (uint32_t n = 0; n < nnodes; n++) {
        if (L->fns[n].reachable && !indeg[n])
            queue[tail++] = n;
    }
    while (head < tail) {
        struct lower_fn *lf = &L->fns[queue[head++]];
        for (uint32_t i = 0; i < lf->ncallees; i++) {
            struct lower_fn *c = &L->fns[lf->callees[i]];
            uint32_t want = align_up(lf->private_offset + lf->frame_size, c->frame_align);
            if (want > c->private_offset)
                c->private_offset = want;
            if (!--indeg[lf->callees[i]])
                queue[tail++] = lf->callees[i];
        }
    }
    if (tail != nreach) {
        for (uint32_t n = 0; n < nnodes; n++) {
            if (L->fns[n].reachable && indeg[n]) {
                lower_fail(L, "recursion is not supported (function %s is on a call cycle)",
                           L->fns[n].name ? L->fns[n].name : "?");
                break;
            }
        }
    }
out:
    free(indeg);
    free(queue);
}

static void mark_reachable(struct lower *L, uint32_t root, uint32_t nnodes)
{
    uint32_t *stack = calloc(nnodes, sizeof(uint32_t));
    if (!stack) {
        L->err = -ENOMEM;
        return;
    }
    uint32_t sp = 0;
    if (!L->fns[root].reachable) {
        L->fns[root].reachable = true;
        stack[sp++] = root;
    }
    while (sp) {
        struct lower_fn *lf = &L->fns[stack[--sp]];
        for (uint32_t i = 0; i < lf->ncallees; i++) {
            uint32_t c = lf->callees[i];
            if (!L->fns[c].reachable) {
                L->fns[c].reachable = true;
                stack[sp++] = c;
            }
        }
    }
    free(stack);
}

/*
 * Whether constant @id is undefined in every leaf: OpUndef, or a composite of
 * such. clang gives a __local variable without initializer the value undef,
 * which llvm-spirv-15 -O0 output spells as a composite of OpUndef parts.
 */
static bool is_undefined(const struct spv_module *m, uint32_t id, unsigned depth)
{
    const struct spv_id *e = spv_id(m, id);
    if (!e || depth > 64)
        return false;
    if (e->kind == SPV_ID_UNDEF)
        return true;
    if (e->kind != SPV_ID_CONST || !e->c->parts)
        return false;
    for (uint32_t i = 0; i < e->c->nparts; i++) {
        if (!is_undefined(m, e->c->parts[i], depth + 1))
            return false;
    }
    return true;
}

/* Alignment of module-scope variable @id of value type @vt: the type's, or its Alignment
 * decoration when larger (up to a page). */
static uint32_t var_align(struct lower *L, uint32_t id, const struct spv_type *vt)
{
    uint32_t al = vt->align ? vt->align : 1;
    uint32_t deco = L->m->ids[id].d.alignment;
    return deco > al && deco <= 4096 ? deco : al;
}

/* Data segment (CrossWorkgroup, UniformConstant); Workgroup variables are checked here and laid
 * out by layout_locals(). */
static void layout_globals(struct lower *L)
{
    struct spv_module *m = L->m;
    for (uint32_t g = 0; g < m->num_globals && !L->err; g++) {
        uint32_t id = m->globals[g];
        struct spv_id *e = &m->ids[id];
        const struct spv_inst *in = &m->insts[e->inst];
        L->in = in;
        struct spv_type *pt = lower_type(L, e->type);
        if (!pt)
            break;
        uint32_t storage = pt->storage;
        if (storage == SpvStorageClassInput)
            continue;
        struct spv_type *vt = lower_type(L, pt->elem);
        if (!vt)
            break;
        uint32_t al = var_align(L, id, vt);
        uint32_t size = vt->size ? vt->size : 1;
        uint32_t init = in->nw == 5 ? in->w[4] : 0;
        if (storage == SpvStorageClassWorkgroup) {
            if (init && !is_undefined(m, init, 0))
                lower_fail(L, "__local variable %s has an initializer", e->name ? e->name : "?");
        } else if (storage == SpvStorageClassCrossWorkgroup ||
                   storage == SpvStorageClassUniformConstant) {
            L->var_off[id] = hmm_builder_data(L->b, NULL, size, al);
        }
        /* Other storage classes fail where they are used. */
    }
    /* Initial values once every variable has its offset: initialisers take addresses. */
    for (uint32_t g = 0; g < m->num_globals && !L->err; g++) {
        uint32_t id = m->globals[g];
        const struct spv_inst *in = &m->insts[m->ids[id].inst];
        uint32_t init = in->nw == 5 ? in->w[4] : 0;
        struct spv_type *pt = lower_type(L, m->ids[id].type);
        if (!pt || !init || m->ids[init].kind == SPV_ID_UNDEF ||
            (pt->storage != SpvStorageClassCrossWorkgroup &&
             pt->storage != SpvStorageClassUniformConstant))
            continue;
        struct spv_type *vt = lower_type(L, pt->elem);
        uint8_t *bytes = vt ? calloc(1, vt->size ? vt->size : 1) : NULL;
        if (!bytes) {
            if (vt)
                L->err = -ENOMEM;
            break;
        }
        L->in = in;
        const_bytes(L, init, pt->elem, bytes, L->var_off[id]);
        hmm_builder_data_write(L->b, L->var_off[id], bytes, vt->size ? vt->size : 1);
        free(bytes);
    }
    L->in = NULL;
}

/*
 * Static __local layout, per kernel: a kernel's __local bytes are those of
 * the variables the functions it reaches address, as if it were the only
 * kernel. One variable has one offset in the code, so a variable used by
 * several kernels (through a function they share) goes past the end of
 * every one of them; no two variables a kernel uses overlap, and a
 * variable used by a single kernel costs the others nothing. Then every
 * LOCAL_ADDR gets its offset.
 */
static void layout_locals(struct lower *L, uint32_t nnodes)
{
    struct spv_module *m = L->m;
    uint32_t ne = m->num_entries;
    /* users[g * ne + e]: kernel e addresses Workgroup variable m->globals[g] */
    uint8_t *users = calloc((size_t)m->num_globals * ne + 1, 1);
    uint32_t *gindex = calloc(m->bound, sizeof(uint32_t));
    L->kernel_local = calloc(ne + 1, sizeof(uint32_t));
    if (!users || !gindex || !L->kernel_local) {
        L->err = -ENOMEM;
        goto out;
    }
    for (uint32_t g = 0; g < m->num_globals; g++)
        gindex[m->globals[g]] = g + 1;
    for (uint32_t e = 0; e < ne; e++) {
        for (uint32_t n = 0; n < nnodes; n++)
            L->fns[n].reachable = false;
        mark_reachable(L, m->num_funcs + e, nnodes);
        for (uint32_t n = 0; n < nnodes; n++) {
            const struct lower_fn *lf = &L->fns[n];
            for (uint32_t i = 0; lf->reachable && i < lf->nlocals; i++)
                users[(size_t)(gindex[lf->locals[i]] - 1) * ne + e] = 1;
        }
    }
    for (uint32_t g = 0; g < m->num_globals && !L->err; g++) {
        uint32_t id = m->globals[g];
        const uint8_t *used = &users[(size_t)g * ne];
        struct spv_type *pt = lower_type(L, m->ids[id].type);
        struct spv_type *vt = pt ? lower_type(L, pt->elem) : NULL;
        if (!vt || pt->storage != SpvStorageClassWorkgroup)
            continue;
        uint32_t al = var_align(L, id, vt), size = vt->size ? vt->size : 1;
        uint64_t off = 0;
        for (uint32_t e = 0; e < ne; e++) {
            if (used[e] && align_up(L->kernel_local[e], al) > off)
                off = align_up(L->kernel_local[e], al);
        }
        if (off + size > (1u << 30)) {
            lower_fail(L, "__local variables too large");
            break;
        }
        L->var_off[id] = (uint32_t)off;
        for (uint32_t e = 0; e < ne; e++) {
            if (used[e])
                L->kernel_local[e] = (uint32_t)off + size;
        }
    }
    for (uint32_t i = 0; i < L->nlocal_refs && !L->err; i++)
        hmm_builder_insn(L->b, L->local_refs[i].insn)->imm =
            (int32_t)L->var_off[L->local_refs[i].var];
out:
    free(users);
    free(gindex);
}

/* ---- kernels ---- */

/* CL_KERNEL_ARG_TYPE_NAME from the SPIR-V type (signedness is not in SPIR-V: "uint"). */
static void type_name(struct lower *L, uint32_t tid, char *buf, size_t size)
{
    struct spv_type *t = lower_type(L, tid);
    if (!t || !size) {
        if (size)
            buf[0] = 0;
        return;
    }
    switch (t->kind) {
    case SPV_T_INT: {
        static const char *const names[] = {"uchar", "ushort", "uint", "ulong"};
        snprintf(buf, size, "%s",
                 names[t->width == 8    ? 0
                       : t->width == 16 ? 1
                       : t->width == 32 ? 2
                                        : 3]);
        break;
    }
    case SPV_T_FLOAT:
        snprintf(buf, size, "%s", t->width == 16 ? "half" : t->width == 32 ? "float" : "double");
        break;
    case SPV_T_BOOL:
        snprintf(buf, size, "bool");
        break;
    case SPV_T_VECTOR: {
        type_name(L, t->elem, buf, size);
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "%u", t->count);
        break;
    }
    case SPV_T_POINTER: {
        struct spv_type *p = lower_type(L, t->elem);
        if (p && p->kind == SPV_T_OPAQUE)
            snprintf(buf, size, "void*");
        else
            type_name(L, t->elem, buf, size);
        size_t len = strlen(buf);
        snprintf(buf + len, size - len, "*");
        break;
    }
    case SPV_T_STRUCT: {
        const char *n = L->m->ids[tid].name;
        if (n && !strncmp(n, "struct.", 7))
            snprintf(buf, size, "struct %s", n + 7);
        else if (n && !strncmp(n, "union.", 6))
            snprintf(buf, size, "union %s", n + 6);
        else
            snprintf(buf, size, "%s", n ? n : "struct");
        break;
    }
    case SPV_T_ARRAY:
        type_name(L, t->elem, buf, size);
        break;
    default:
        snprintf(buf, size, "void");
        break;
    }
}

/* "kernel_arg_type.<kernel>.<t0>,<t1>,..." OpStrings, when the producer emitted them. */
static bool arg_type_from_strings(struct lower *L, const char *kernel, uint32_t arg, char *buf,
                                  size_t size)
{
    struct spv_module *m = L->m;
    size_t kl = strlen(kernel);
    for (uint32_t i = 0; i < m->num_strings; i++) {
        const char *s = m->ids[m->strings[i]].str;
        if (!s || strncmp(s, "kernel_arg_type.", 16) || strncmp(s + 16, kernel, kl) ||
            s[16 + kl] != '.')
            continue;
        s += 17 + kl;
        for (uint32_t a = 0; a < arg && s; a++) {
            s = strchr(s, ',');
            if (s)
                s++;
        }
        if (!s || !*s)
            return false;
        size_t n = strcspn(s, ",");
        if (n >= size)
            n = size - 1;
        memcpy(buf, s, n);
        buf[n] = 0;
        return true;
    }
    return false;
}

static void lower_kernel(struct lower *L, uint32_t e, uint32_t nnodes)
{
    struct spv_module *m = L->m;
    const struct spv_entry *ep = &m->entries[e];
    struct spv_function *f = &m->funcs[ep->func];
    struct lower_fn *stub = &L->fns[m->num_funcs + e];
    struct lower_fn *ef = &L->fns[ep->func];
    char tname[256];

    L->f = NULL;
    L->lf = ef;
    L->in = &m->insts[m->ids[f->id].inst];
    L->ntemps = 0;

    uint32_t first_arg = 0, offset = 0, byval_off = 0;
    struct hmm_kernel_arg *args = calloc(f->nparams ? f->nparams : 1, sizeof(*args));
    if (!args) {
        L->err = -ENOMEM;
        return;
    }
    /* Argument metadata and layout first (the stub's frame holds ByVal copies). */
    for (uint32_t i = 0; i < f->nparams && !L->err; i++) {
        uint32_t p = f->params[i];
        struct spv_id *pe = &m->ids[p];
        struct spv_type *t = lower_type(L, pe->type);
        if (!t)
            break;
        struct hmm_kernel_arg *a = &args[i];
        uint32_t align = 1;
        if (t->kind == SPV_T_POINTER) {
            a->size = 8;
            align = 8;
            if (pe->d.param_attrs & (1u << SpvFunctionParameterAttributeByVal)) {
                struct spv_type *st = lower_type(L, t->elem);
                if (!st)
                    break;
                a->kind = HMM_ARG_BYVAL;
                a->address_qualifier = 3;
                a->size = st->size;
                align = st->align > 8 ? st->align : 8;
                byval_off = align_up(byval_off, st->align ? st->align : 1);
                L->var_off[p] = byval_off; /* in the stub's frame */
                byval_off += st->size;
                if (st->align > stub->frame_align)
                    stub->frame_align = st->align;
            } else {
                switch (t->storage) {
                case SpvStorageClassCrossWorkgroup:
                    a->kind = HMM_ARG_GLOBAL_PTR;
                    a->address_qualifier = 0;
                    break;
                case SpvStorageClassUniformConstant:
                    a->kind = HMM_ARG_CONSTANT_PTR;
                    a->address_qualifier = 1;
                    break;
                case SpvStorageClassWorkgroup:
                    a->kind = HMM_ARG_LOCAL_PTR;
                    a->address_qualifier = 2;
                    break;
                default:
                    lower_fail(L, "kernel %s: argument %u is a pointer of storage class %u",
                               ep->name, i, t->storage);
                    break;
                }
            }
            if (pe->d.param_attrs & (1u << SpvFunctionParameterAttributeNoWrite))
                a->type_qualifier |= 1;
            if (pe->d.param_attrs & (1u << SpvFunctionParameterAttributeNoAlias))
                a->type_qualifier |= 2;
            if (pe->d.is_volatile)
                a->type_qualifier |= 4;
        } else if (t->kind == SPV_T_INT || t->kind == SPV_T_FLOAT || t->kind == SPV_T_VECTOR ||
                   t->kind == SPV_T_STRUCT || t->kind == SPV_T_ARRAY) {
            a->kind = HMM_ARG_SCALAR;
            a->address_qualifier = 3;
            a->size = t->size;
            align = t->align ? t->align : 1;
            lower_leaves(L, pe->type);
        } else {
            lower_fail(L, "kernel %s: argument %u has an unsupported type", ep->name, i);
            break;
        }
        offset = align_up(offset, align);
        /*
         * The stub copies ByVal and scalar arguments piece by piece: a huge
         * one would make a huge program (found by fuzz_il). The limit is far
         * above CL_DEVICE_MAX_PARAMETER_SIZE.
         */
        if (a->size > MAX_ARG_BYTES || offset > MAX_ARG_BYTES - a->size) {
            lower_fail(L, "kernel %s: arguments of more than %u bytes", ep->name, MAX_ARG_BYTES);
            break;
        }
        a->offset = offset;
        offset += a->size;
        a->name = hmm_builder_string(L->b, pe->name ? pe->name : "");
        if (!arg_type_from_strings(L, ep->name, i, tname, sizeof(tname)))
            type_name(L, a->kind == HMM_ARG_BYVAL ? t->elem : pe->type, tname, sizeof(tname));
        a->type_name = hmm_builder_string(L->b, tname);
    }
    stub->frame_size = byval_off;
    if (L->err) {
        free(args);
        return;
    }

    /* The functions this kernel reaches; with a printf among them, the hidden argument. */
    for (uint32_t n = 0; n < nnodes; n++)
        L->fns[n].reachable = false;
    mark_reachable(L, m->num_funcs + e, nnodes);
    uint32_t printf_arg = 0;
    for (uint32_t n = 0; n < nnodes && !printf_arg; n++) {
        if (L->fns[n].reachable && L->fns[n].printf) {
            offset = align_up(offset, 8);
            printf_arg = offset + 1;
            offset += 8;
        }
    }

    for (uint32_t i = 0; i < f->nparams; i++) {
        uint32_t a = hmm_builder_arg(L->b, &args[i]);
        if (i == 0)
            first_arg = a;
    }
    if (!f->nparams)
        first_arg = 0;

    /* The stub. */
    L->lf = stub;
    uint32_t entry = hmm_builder_here(L->b);
    for (uint32_t i = 0; i < f->nparams && !L->err; i++) {
        uint32_t p = f->params[i];
        struct hmm_kernel_arg *a = &args[i];
        uint32_t d = lower_def(L, p);
        if (a->kind == HMM_ARG_BYVAL) {
            uint32_t base = stub->private_offset + L->var_off[p];
            lower_emit(L, HMM_OP_PRIVATE_ADDR, HMM_T_I64, 0, 0, d, 0, 0, 0, (int32_t)base);
            uint32_t t = lower_temp(L);
            for (uint32_t o = 0; o < a->size;) {
                uint8_t ty = HMM_T_I8;
                uint32_t n = 1;
                if (a->size - o >= 8 && !((base + o) % 8) && !((a->offset + o) % 8)) {
                    ty = HMM_T_I64;
                    n = 8;
                } else if (a->size - o >= 4 && !((base + o) % 4) && !((a->offset + o) % 4)) {
                    ty = HMM_T_I32;
                    n = 4;
                }
                lower_emit(L, HMM_OP_LDARG, ty, 0, 0, t, 0, 0, 0, (int32_t)(a->offset + o));
                lower_emit(L, HMM_OP_ST, ty, HMM_SPACE_PRIVATE, 0, 0, d, t, 0, (int32_t)o);
                o += n;
            }
            L->ntemps = 0;
        } else if (a->kind != HMM_ARG_SCALAR) {
            lower_emit(L, HMM_OP_LDARG, HMM_T_I64, 0, 0, d, 0, 0, 0, (int32_t)a->offset);
        } else {
            uint32_t tid = m->ids[p].type;
            uint32_t n = lower_leaves(L, tid);
            for (uint32_t k = 0; k < n && !L->err; k++) {
                uint32_t off;
                uint32_t st = lower_leaf(L, tid, k, &off);
                lower_emit(L, HMM_OP_LDARG, lower_hty(L, st), 0, 0, d + k, 0, 0, 0,
                           (int32_t)(a->offset + off));
            }
        }
    }
    if (printf_arg)
        lower_emit(L, HMM_OP_LDARG, HMM_T_I64, 0, 0, L->printf_reg - 1, 0, 0, 0,
                   (int32_t)(printf_arg - 1));
    lower_emit(L, HMM_OP_CALL, HMM_T_NONE, 0, 0, 0, 0, 0, 0, (int32_t)ef->index);
    lower_emit(L, HMM_OP_RET, HMM_T_NONE, 0, 0, 0, 0, 0, 0, 0);
    char name[300];
    snprintf(name, sizeof(name), "%s.stub", ep->name);
    struct hmm_function hf = {
        .entry = entry,
        .end = hmm_builder_here(L->b),
        .private_offset = stub->private_offset,
        .private_size = stub->frame_size,
        .name = hmm_builder_string(L->b, name),
    };
    uint32_t fidx = hmm_builder_function(L->b, &hf);
    if (fidx != stub->index)
        lower_fail(L, "internal error: stub index %u, expected %u", fidx, stub->index);

    /* Private size over the functions this kernel reaches. */
    uint32_t private_size = 0;
    for (uint32_t n = 0; n < nnodes; n++) {
        struct lower_fn *lf = &L->fns[n];
        if (lf->reachable && lf->private_offset + lf->frame_size > private_size)
            private_size = lf->private_offset + lf->frame_size;
    }

    char attrs[256] = "";
    size_t len = 0;
    if (ep->reqd_size[0])
        len += (size_t)snprintf(attrs + len, sizeof(attrs) - len, "reqd_work_group_size(%u,%u,%u)",
                                ep->reqd_size[0], ep->reqd_size[1], ep->reqd_size[2]);
    if (ep->size_hint[0] && len < sizeof(attrs))
        snprintf(attrs + len, sizeof(attrs) - len, "%swork_group_size_hint(%u,%u,%u)",
                 len ? " " : "", ep->size_hint[0], ep->size_hint[1], ep->size_hint[2]);

    struct hmm_kernel k = {
        .name = hmm_builder_string(L->b, ep->name),
        .attributes = hmm_builder_string(L->b, attrs),
        .function = stub->index,
        .first_arg = first_arg,
        .num_args = f->nparams,
        .arg_block_size = align_up(offset, 8),
        .local_size = L->kernel_local[e],
        .private_size = private_size,
        .reqd_work_group_size = {ep->reqd_size[0], ep->reqd_size[1], ep->reqd_size[2]},
        .printf_arg = printf_arg,
    };
    hmm_builder_kernel(L->b, &k);
    free(args);
}

/* Renumber temporaries (counted down from LOWER_TEMP_TOP) above the value registers. */
static void remap_temps(struct lower *L)
{
    uint32_t n = hmm_builder_here(L->b);
    uint32_t lowest = LOWER_TEMP_TOP - L->max_temps;
    if (L->next_reg + L->max_temps >= LOWER_TEMP_TOP) {
        lower_fail(L, "program needs too many registers (%u + %u temporaries)", L->next_reg,
                   L->max_temps);
        return;
    }
    for (uint32_t i = 0; i < n; i++) {
        struct hmm_insn *in = hmm_builder_insn(L->b, i);
        uint16_t *regs[4] = {&in->dst, &in->a, &in->b, &in->c};
        for (int r = 0; r < 4; r++) {
            if (*regs[r] > lowest)
                *regs[r] = (uint16_t)(L->next_reg + (LOWER_TEMP_TOP - *regs[r]));
        }
    }
    hmm_builder_set_num_regs(L->b, L->next_reg + L->max_temps + 1);
}

int hmm_spirv_lower(const uint32_t *words, size_t num_words, void **image, size_t *image_size,
                    char *log, size_t log_size)
{
    struct lower Ls = {.log = log, .log_size = log_size};
    struct lower *L = &Ls;
    struct spv_module *m;
    int err;

    *image = NULL;
    *image_size = 0;
    err = spv_module_parse(words, num_words, &m, log, log_size);
    if (err)
        return err;
    L->m = m;
    if (!m->num_entries) {
        lower_fail(L, "the module has no kernels (OpEntryPoint Kernel)");
        goto out;
    }
    uint32_t nnodes = m->num_funcs + m->num_entries;
    L->b = hmm_builder_create();
    L->reg = calloc(m->bound, sizeof(uint32_t));
    L->var_off = calloc(m->bound, sizeof(uint32_t));
    L->fconst = calloc(m->bound, sizeof(uint32_t));
    L->fns = calloc(nnodes, sizeof(*L->fns));
    if (!L->b || !L->reg || !L->var_off || !L->fconst || !L->fns) {
        L->err = -ENOMEM;
        goto out;
    }

    lower_fold_constants(L);
    scan_functions(L);
    for (uint32_t e = 0; e < m->num_entries && !L->err; e++) {
        struct lower_fn *stub = &L->fns[m->num_funcs + e];
        stub->frame_align = 16;
        stub->name = m->entries[e].name;
        add_callee(L, stub, m->entries[e].func);
        mark_reachable(L, m->num_funcs + e, nnodes);
        /* ByVal sizes: the stub's frame, laid out again in lower_kernel. */
        struct spv_function *f = &m->funcs[m->entries[e].func];
        for (uint32_t i = 0; i < f->nparams && !L->err; i++) {
            struct spv_id *pe = &m->ids[f->params[i]];
            struct spv_type *t = lower_type(L, pe->type);
            if (t && t->kind == SPV_T_POINTER &&
                (pe->d.param_attrs & (1u << SpvFunctionParameterAttributeByVal))) {
                struct spv_type *st = lower_type(L, t->elem);
                if (st) {
                    stub->frame_size =
                        align_up(stub->frame_size, st->align ? st->align : 1) + st->size;
                    if (st->align > stub->frame_align)
                        stub->frame_align = st->align;
                }
            }
        }
    }
    if (L->err)
        goto out;
    layout_frames(L, nnodes);
    if (L->err)
        goto out;

    /* hmm function indices: reachable functions in module order, then the stubs. */
    uint32_t nidx = 0;
    for (uint32_t fi = 0; fi < m->num_funcs; fi++) {
        if (L->fns[fi].reachable) {
            if (!m->funcs[fi].nblocks) {
                L->lf = NULL;
                lower_fail(L, "function %s is declared but not defined in this module",
                           L->fns[fi].name ? L->fns[fi].name : "?");
                goto out;
            }
            L->fns[fi].index = nidx++;
        }
    }
    for (uint32_t e = 0; e < m->num_entries; e++)
        L->fns[m->num_funcs + e].index = nidx++;
    for (uint32_t fi = 0; fi < m->num_funcs && !L->err; fi++) {
        struct spv_function *f = &m->funcs[fi];
        struct lower_fn *lf = &L->fns[fi];
        if (!lf->reachable)
            continue;
        L->lf = lf;
        struct spv_type *rt = lower_type(L, f->ret_type);
        if (rt && rt->kind != SPV_T_VOID)
            lf->ret_reg = lower_new_regs(L, lower_leaves(L, f->ret_type));
        /* Function variables: absolute offsets in the lane's arena. */
        for (uint32_t bi = 0; bi < f->nblocks; bi++) {
            for (uint32_t i = f->blocks[bi].first; i < f->blocks[bi].end; i++) {
                const struct spv_inst *in = &m->insts[i];
                if (in->op == SpvOpVariable)
                    L->var_off[in->w[2]] += lf->private_offset;
            }
        }
    }
    L->lf = NULL;
    layout_globals(L);
    for (uint32_t fi = 0; fi < m->num_funcs && !L->err; fi++) {
        if (L->fns[fi].reachable)
            lower_function(L, fi);
    }
    if (!L->err)
        layout_locals(L, nnodes);
    for (uint32_t e = 0; e < m->num_entries && !L->err; e++)
        lower_kernel(L, e, nnodes);
    if (!L->err)
        remap_temps(L);
    if (!L->err && hmm_builder_failed(L->b))
        L->err = -ENOMEM;
    if (!L->err) {
        err = hmm_builder_finish(L->b, image, image_size);
        if (err)
            L->err = err;
    }

out:
    if (L->err == -ENOMEM && log && log_size && !log[0])
        snprintf(log, log_size, "out of memory while lowering SPIR-V");
    if (L->fns) {
        for (uint32_t n = 0; n < m->num_funcs + m->num_entries; n++) {
            free(L->fns[n].callees);
            free(L->fns[n].locals);
        }
    }
    free(L->fns);
    free(L->local_refs);
    free(L->kernel_local);
    free(L->reg);
    free(L->var_off);
    free(L->fconst);
    free(L->fconst_list);
    lower_ext_free(L);
    free(L->block_insn);
    free(L->fixups);
    if (L->b)
        hmm_builder_destroy(L->b);
    spv_module_free(m);
    return L->err;
}
