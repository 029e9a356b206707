/* SPDX-License-Identifier: MIT */
/*
 * SPIR-V validation (spirv_validate.h).
 *
 * Target environment: SPV_ENV_UNIVERSAL_1_4. llvm-spirv-15 emits SPIR-V 1.4
 * for OpenCL, and SPIRV-Tools' OpenCL environments (SPV_ENV_OPENCL_1_2 ..
 * SPV_ENV_OPENCL_2_2) only admit binaries up to version 1.2: `spirv-val
 * --target-env opencl2.2` rejects every llvm-spirv-15 module with "Invalid
 * SPIR-V binary version 1.4 for target environment SPIR-V 1.2". The
 * universal 1.4 environment accepts versions 1.0 to 1.4 and still applies
 * the rules that follow from the module itself: the Kernel execution model,
 * the Kernel/Addresses/Linkage capabilities, the Physical64 memory model,
 * OpenCL.std extended instructions, SSA dominance, types and decorations.
 * What it does not check (the OpenCL client API's extra environment rules)
 * the lowering rejects itself where it matters.
 *
 * Block order: llvm-spirv-15 sometimes lays out a block before one of its
 * dominators (a loop exit placed ahead of the loop body), which SPIR-V's
 * layout rules forbid and spirv-val reports ("appears in the binary before
 * its dominator"), though the program is correct. Block order carries no
 * meaning in the unstructured control flow of kernels, so the validator is
 * given a copy whose functions list their blocks in reverse postorder (which
 * puts every dominator first), unreachable blocks last. The copy also works
 * around more llvm-spirv-15 defects, below (interfaces, debug info, OpPhi
 * operands per edge, OpVariables outside the entry block, constant
 * work-item dimensions past 2).
 */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <spirv-tools/libspirv.h>
#include <spirv/unified1/spirv.h>

#include "compiler/spirv_module.h"
#include "compiler/spirv_validate.h"

/* Successor block indices of block @b of @f (at most @max). */
static uint32_t successors(const struct spv_module *m, const struct spv_function *f,
                           const struct spv_block *b, uint32_t *out, uint32_t max)
{
    const struct spv_inst *t = &m->insts[b->end - 1];
    uint32_t labels[3], n = 0, k;
    const uint32_t *w = t->w;
    switch (t->op) {
    case SpvOpBranch:
        if (t->nw >= 2)
            labels[n++] = w[1];
        break;
    case SpvOpBranchConditional:
        if (t->nw >= 4) {
            labels[n++] = w[2];
            labels[n++] = w[3];
        }
        break;
    case SpvOpSwitch: {
        if (t->nw < 3)
            break;
        struct spv_id *sel = spv_id(m, w[1]);
        struct spv_type *st = sel ? spv_type(m, sel->type) : NULL;
        uint32_t stride = st && st->kind == SPV_T_INT && st->width > 32 ? 3 : 2;
        uint32_t cnt = 0;
        for (k = 2; k < t->nw && cnt < max; k = k == 2 ? 3 + stride - 1 : k + stride) {
            struct spv_id *e = spv_id(m, w[k]);
            if (e && e->kind == SPV_ID_LABEL && e->index < f->nblocks)
                out[cnt++] = e->index;
        }
        return cnt;
    }
    default:
        break;
    }
    uint32_t cnt = 0;
    for (k = 0; k < n && cnt < max; k++) {
        struct spv_id *e = spv_id(m, labels[k]);
        if (e && e->kind == SPV_ID_LABEL && e->index < f->nblocks)
            out[cnt++] = e->index;
    }
    return cnt;
}

/* Reverse postorder of @f's blocks into @order (unreachable blocks last). */
static int block_order(const struct spv_module *m, const struct spv_function *f, uint32_t *order)
{
    uint32_t nb = f->nblocks;
    uint32_t *stack = malloc(nb * sizeof(uint32_t)), *next = calloc(nb, sizeof(uint32_t));
    uint32_t *post = malloc(nb * sizeof(uint32_t));
    uint8_t *seen = calloc(nb, 1);
    uint32_t *succ = NULL, cap = 0;
    int err = 0;
    if (!stack || !next || !post || !seen) {
        err = -ENOMEM;
        goto out;
    }
    uint32_t np = 0, sp = 0;
    stack[sp++] = 0;
    seen[0] = 1;
    while (sp) {
        uint32_t b = stack[sp - 1];
        const struct spv_inst *t = &m->insts[f->blocks[b].end - 1];
        if (t->nw > cap) {
            cap = t->nw;
            uint32_t *s2 = realloc(succ, cap * sizeof(uint32_t));
            if (!s2) {
                err = -ENOMEM;
                goto out;
            }
            succ = s2;
        }
        uint32_t ns = successors(m, f, &f->blocks[b], succ, cap);
        while (next[b] < ns && seen[succ[next[b]]])
            next[b]++;
        if (next[b] < ns) {
            uint32_t c = succ[next[b]++];
            seen[c] = 1;
            stack[sp++] = c;
        } else {
            post[np++] = b;
            sp--;
        }
    }
    uint32_t n = 0;
    for (uint32_t i = np; i > 0; i--)
        order[n++] = post[i - 1];
    for (uint32_t b = 0; b < nb; b++) {
        if (!seen[b])
            order[n++] = b;
    }
out:
    free(stack);
    free(next);
    free(post);
    free(seen);
    free(succ);
    return err;
}

/*
 * OpenCL.DebugInfo.100 instructions (-g): llvm-spirv-15 gives DebugSource a
 * Text operand that is not an OpString, which spirv-val rejects. Debug
 * information has no effect on the program, and only other debug
 * instructions refer to its results, so the validated copy leaves it out.
 */
static bool is_debug_info(const struct spv_module *m, const struct spv_inst *in)
{
    if (in->op != SpvOpExtInst || in->nw < 5)
        return false;
    struct spv_id *set = spv_id(m, in->w[3]);
    return set && set->kind == SPV_ID_EXTSET && set->str &&
           !strncmp(set->str, "OpenCL.DebugInfo.", 17);
}

/* Append to OpEntryPoint @in every module-scope variable its interface lacks. */
static size_t copy_entry_point(const struct spv_module *m, const struct spv_inst *in, uint32_t *out)
{
    size_t n = in->nw;
    memcpy(out, in->w, n * sizeof(uint32_t));
    /* Interface ids follow the name string. */
    uint32_t k = 3;
    while (k < in->nw && (in->w[k] >> 24) && ((in->w[k] >> 16) & 0xff) &&
           ((in->w[k] >> 8) & 0xff) && (in->w[k] & 0xff))
        k++;
    k++;
    /* Before 1.4 an interface lists only Input and Output variables. */
    for (uint32_t g = 0; g < m->num_globals && m->version >= 0x00010400u; g++) {
        bool listed = false;
        for (uint32_t j = k; j < in->nw && !listed; j++)
            listed = in->w[j] == m->globals[g];
        if (!listed && n < 0xffff)
            out[n++] = m->globals[g];
    }
    out[0] = (uint32_t)(n << 16) | SpvOpEntryPoint;
    return n;
}

/*
 * OpPhi: llvm-spirv-15 copies LLVM's phi operands one per CFG *edge*, so a
 * block reached twice from one predecessor (a switch whose cases share a
 * target, a conditional branch with both labels equal) lists that parent
 * twice, with the same value as LLVM requires. SPIR-V wants one pair per
 * parent block; the copy keeps the first pair of each parent.
 */
static size_t copy_phi(const struct spv_inst *in, uint32_t *out)
{
    size_t n = 3;
    memcpy(out, in->w, 3 * sizeof(uint32_t));
    for (uint32_t k = 3; k + 1 < in->nw; k += 2) {
        bool seen = false;
        for (size_t j = 4; j < n && !seen; j += 2)
            seen = out[j] == in->w[k + 1];
        if (!seen) {
            out[n++] = in->w[k];
            out[n++] = in->w[k + 1];
        }
    }
    out[0] = (uint32_t)(n << 16) | SpvOpPhi;
    return n;
}

/*
 * Function-storage OpVariables must open a function's first block. llvm-spirv-15
 * translates an alloca wherever LLVM left it (a private array of a nested
 * scope after inlining), so the copy moves every Function variable to the
 * start of the entry block. Their storage is static for the whole
 * invocation either way (the lowering gives each its own frame slot).
 */
static bool is_function_variable(const struct spv_inst *in)
{
    return in->op == SpvOpVariable && in->nw >= 4 && in->w[3] == SpvStorageClassFunction;
}

/*
 * get_global_size(5) and the other work-item functions with a constant
 * dimension past 2: llvm-spirv-15 extracts component 5 of the built-in's
 * 3-component vector, an index SPIR-V rejects, while OpenCL C defines the
 * result (1 or 0). The copy extracts component 0; the lowering gives the
 * defined value (lower_memory.c, lower_builtin_default).
 */
static size_t copy_extract(const struct spv_module *m, const struct spv_inst *in, uint32_t *out)
{
    memcpy(out, in->w, in->nw * sizeof(uint32_t));
    if (in->nw == 5) {
        struct spv_id *c = spv_id(m, in->w[3]);
        struct spv_type *t = c ? spv_type(m, c->type) : NULL;
        if (t && t->kind == SPV_T_VECTOR && in->w[4] >= t->count)
            out[4] = 0;
    }
    return in->nw;
}

/* The Function variables of @f's blocks other than @entry, copied to @out. */
static size_t hoist_variables(const struct spv_module *m, const struct spv_function *f,
                              uint32_t entry, uint32_t *out)
{
    size_t n = 0;
    for (uint32_t b = 0; b < f->nblocks; b++) {
        if (b == entry)
            continue;
        for (uint32_t j = f->blocks[b].first; j < f->blocks[b].end; j++) {
            const struct spv_inst *in = &m->insts[j];
            if (is_function_variable(in)) {
                memcpy(out + n, in->w, in->nw * sizeof(uint32_t));
                n += in->nw;
            }
        }
    }
    return n;
}

/*
 * Pointer initialisers: llvm-spirv-15 makes a module-scope variable a
 * constituent of a constant composite (`int *table[] = {&g, ...}`), which
 * spirv-val refuses ("is not a constant or undef"). The copy gives each
 * such constituent a null pointer of the variable's type, declared just
 * before, with a fresh id from *@bound; what the constituent is has no
 * bearing on validity beyond its type.
 */
static size_t copy_composite(const struct spv_module *m, const struct spv_inst *in, uint32_t *out,
                             uint32_t *bound)
{
    size_t n = 0;
    uint32_t *composite;
    for (uint32_t k = 3; k < in->nw; k++) {
        struct spv_id *e = spv_id(m, in->w[k]);
        if (e && e->kind == SPV_ID_VAR && *bound < 0x3fffffffu) {
            out[n++] = (3u << 16) | SpvOpConstantNull;
            out[n++] = e->type;
            out[n++] = (*bound)++;
        }
    }
    composite = out + n;
    memcpy(composite, in->w, in->nw * sizeof(uint32_t));
    uint32_t fresh = *bound - (uint32_t)(n / 3);
    for (uint32_t k = 3; k < in->nw && n; k++) {
        struct spv_id *e = spv_id(m, in->w[k]);
        if (e && e->kind == SPV_ID_VAR)
            composite[k] = fresh++;
    }
    return n + in->nw;
}

/*
 * A copy of @m's words with every function's blocks in reverse postorder
 * and, since llvm-spirv-15 also leaves some referenced variables (constant
 * initialisers) out of OpEntryPoint interfaces, which SPIR-V 1.4 requires
 * there, every module-scope variable listed in every entry point.
 */
static uint32_t *reorder_blocks(const struct spv_module *m, size_t *nwords)
{
    /* Room for the interfaces, and an OpConstantNull (3 words) per composite constituent. */
    uint32_t *out =
        malloc((2 * m->num_words + (size_t)m->num_entries * m->num_globals) * sizeof(uint32_t));
    uint32_t bound = m->bound;
    if (!out)
        return NULL;
    size_t at = 5;
    memcpy(out, m->words, 5 * sizeof(uint32_t));
    uint32_t fi = 0;
    for (uint32_t i = 0; i < m->num_insts;) {
        const struct spv_inst *in = &m->insts[i];
        while (fi < m->num_funcs && (!m->funcs[fi].nblocks || m->funcs[fi].blocks[0].first < i + 1))
            fi++;
        if (in->op == SpvOpLabel && fi < m->num_funcs && m->funcs[fi].blocks[0].first == i + 1) {
            const struct spv_function *f = &m->funcs[fi++];
            uint32_t *order = malloc(f->nblocks * sizeof(uint32_t));
            if (!order || block_order(m, f, order)) {
                free(order);
                free(out);
                return NULL;
            }
            /* Block b spans from its OpLabel to the next block's OpLabel or OpFunctionEnd. */
            uint32_t fend = f->blocks[f->nblocks - 1].end;
            while (fend < m->num_insts && m->insts[fend].op != SpvOpFunctionEnd)
                fend++;
            for (uint32_t k = 0; k < f->nblocks; k++) {
                uint32_t b = order[k];
                uint32_t s = f->blocks[b].first - 1;
                uint32_t e = b + 1 < f->nblocks ? f->blocks[b + 1].first - 1 : fend;
                for (uint32_t j = s; j < e; j++) {
                    const struct spv_inst *bi = &m->insts[j];
                    if (is_debug_info(m, bi) || (k && is_function_variable(bi)))
                        continue;
                    if (bi->op == SpvOpPhi) {
                        at += copy_phi(bi, out + at);
                        continue;
                    }
                    if (bi->op == SpvOpCompositeExtract) {
                        at += copy_extract(m, bi, out + at);
                        continue;
                    }
                    memcpy(out + at, bi->w, bi->nw * sizeof(uint32_t));
                    at += bi->nw;
                    if (k == 0 && j == s)
                        at += hoist_variables(m, f, b, out + at);
                }
            }
            free(order);
            i = fend;
            continue;
        }
        if (is_debug_info(m, in)) {
            /* left out */
        } else if (in->op == SpvOpEntryPoint) {
            at += copy_entry_point(m, in, out + at);
        } else if (in->op == SpvOpConstantComposite || in->op == SpvOpSpecConstantComposite) {
            at += copy_composite(m, in, out + at, &bound);
        } else {
            memcpy(out + at, in->w, in->nw * sizeof(uint32_t));
            at += in->nw;
        }
        i++;
    }
    out[3] = bound;
    *nwords = at;
    return out;
}

int hmm_spirv_validate(const uint32_t *words, size_t n, char *log, size_t log_size)
{
    if (log && log_size)
        log[0] = 0;
    spv_context ctx = spvContextCreate(SPV_ENV_UNIVERSAL_1_4);
    if (!ctx) {
        if (log && log_size)
            snprintf(log, log_size, "SPIR-V validator: out of memory");
        return -ENOMEM;
    }
    /* Reorder blocks when the module parses; otherwise validate it as it is. */
    struct spv_module *m = NULL;
    uint32_t *copy = NULL;
    char ignored[8];
    if (!spv_module_parse(words, n, &m, ignored, sizeof(ignored))) {
        size_t cn;
        copy = reorder_blocks(m, &cn);
        if (copy) {
            words = copy;
            n = cn;
        }
    }
    struct spv_const_binary_t binary = {.code = words, .wordCount = n};
    spv_diagnostic diag = NULL;
    /*
     * Without friendly names: the validator names every id for its messages
     * up front, in time quadratic in the number of ids that share an OpName
     * ("call", "add" in each function). Only a rejected module needs the
     * names, so it is validated again with them for the message.
     */
    spv_validator_options opts = spvValidatorOptionsCreate();
    spv_result_t res = SPV_ERROR_OUT_OF_MEMORY;
    if (opts) {
        spvValidatorOptionsSetFriendlyNames(opts, false);
        res = spvValidateWithOptions(ctx, opts, &binary, &diag);
        spvValidatorOptionsDestroy(opts);
    }
    if (res != SPV_SUCCESS && res != SPV_ERROR_OUT_OF_MEMORY) {
        spvDiagnosticDestroy(diag);
        diag = NULL;
        res = spvValidate(ctx, &binary, &diag);
    }
    int err = 0;
    if (res != SPV_SUCCESS) {
        err = res == SPV_ERROR_OUT_OF_MEMORY ? -ENOMEM : -EINVAL;
        if (log && log_size) {
            if (diag && diag->error)
                snprintf(log, log_size, "invalid SPIR-V (word %zu): %s", diag->position.index,
                         diag->error);
            else
                snprintf(log, log_size, "invalid SPIR-V (validator error %d)", (int)res);
        }
    }
    spvDiagnosticDestroy(diag);
    spvContextDestroy(ctx);
    free(copy);
    spv_module_free(m);
    return err;
}
