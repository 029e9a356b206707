// SPDX-License-Identifier: MIT
/*
 * DOC: verifier
 *
 * hmm_verify() proves a parsed program safe to hand to the executor; the
 * executor relies on it and re-checks only what depends on run-time values
 * (local/private bounds, address tags, faults). The rules, in the order they
 * are checked (docs/isa.md, "Verifier", is the normative list):
 *
 * 1. Functions: entry < end <= number of instructions, ranges disjoint and
 *    covering the code, reserved fields zero, names valid strings, private
 *    range not overflowing, last instruction BR, RET or TRAP.
 * 2. Instructions, one at a time: known opcode; type allowed for the op;
 *    mod, flags and imm in range for the op and zero where unused; register
 *    operands the op uses below num_regs and unused ones zero; branch
 *    targets inside the containing function; CALL targets existing
 *    functions; MOVK index inside the literal pool and the literal canonical
 *    for the type; DATA_ADDR inside the data segment; PRIVATE_ADDR inside
 *    the function's private range.
 * 3. Call graph: acyclic, no chain of calls deeper than HMM_MAX_CALL_DEPTH.
 * 4. Kernels: valid entry function, names, arguments inside the argument
 *    section and their bytes inside the argument block; for every function
 *    reachable from the kernel: LDARG bytes inside the argument block,
 *    LOCAL_ADDR offsets below the static local size, private range inside
 *    the kernel's private size.
 *
 * Like the BPF verifier, a rejection is one log line naming the instruction
 * ("insn N: ..."), function or kernel, and -HMM_EINVAL.
 */
#include "engine/engine.h"

#define U_D 1
#define U_A 2
#define U_B 4
#define U_C 8

#define TM(t)  (1u << (t))
#define T_INT  (TM(HMM_T_I8) | TM(HMM_T_I16) | TM(HMM_T_I32) | TM(HMM_T_I64))
#define T_FLT  (TM(HMM_T_F32) | TM(HMM_T_F64))
#define T_VAL  (T_INT | T_FLT | TM(HMM_T_F16))
#define T_NONE TM(HMM_T_NONE)

struct op_info {
    const char *name;
    uint8_t uses;   /* U_* register operands */
    uint16_t types; /* TM() of allowed insn.type */
};

static const struct op_info op_info[HMM_OP_COUNT] = {
    [HMM_OP_NOP] = {"nop", 0, T_NONE},
    [HMM_OP_MOV] = {"mov", U_D | U_A, T_VAL},
    [HMM_OP_MOVI] = {"movi", U_D, T_VAL},
    [HMM_OP_MOVK] = {"movk", U_D, T_VAL},
    [HMM_OP_ADD] = {"add", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_SUB] = {"sub", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_MUL] = {"mul", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_DIV] = {"div", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_REM] = {"rem", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_NEG] = {"neg", U_D | U_A, T_INT | T_FLT},
    [HMM_OP_AND] = {"and", U_D | U_A | U_B, T_INT},
    [HMM_OP_OR] = {"or", U_D | U_A | U_B, T_INT},
    [HMM_OP_XOR] = {"xor", U_D | U_A | U_B, T_INT},
    [HMM_OP_NOT] = {"not", U_D | U_A, T_INT},
    [HMM_OP_SHL] = {"shl", U_D | U_A | U_B, T_INT},
    [HMM_OP_SHR] = {"shr", U_D | U_A | U_B, T_INT},
    [HMM_OP_MULHI] = {"mulhi", U_D | U_A | U_B, T_INT},
    [HMM_OP_MIN] = {"min", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_MAX] = {"max", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_ABS] = {"abs", U_D | U_A, T_INT | T_FLT},
    [HMM_OP_CMP] = {"cmp", U_D | U_A | U_B, T_INT | T_FLT},
    [HMM_OP_SELECT] = {"select", U_D | U_A | U_B | U_C, T_VAL},
    [HMM_OP_CVT] = {"cvt", U_D | U_A, T_VAL},
    [HMM_OP_MATH] = {"math", U_D | U_A, T_FLT}, /* b, c by function */
    [HMM_OP_LD] = {"ld", U_D | U_A, T_VAL},
    [HMM_OP_ST] = {"st", U_A | U_B, T_VAL},
    [HMM_OP_ATOMIC] = {"atomic", U_D | U_A, TM(HMM_T_I32) | TM(HMM_T_I64)}, /* b, c by op */
    [HMM_OP_FENCE] = {"fence", 0, T_NONE},
    [HMM_OP_BARRIER] = {"barrier", 0, T_NONE},
    [HMM_OP_WI] = {"wi", U_D, TM(HMM_T_I32) | TM(HMM_T_I64)},
    [HMM_OP_LDARG] = {"ldarg", U_D, T_VAL},
    [HMM_OP_DATA_ADDR] = {"data_addr", U_D, TM(HMM_T_I64)},
    [HMM_OP_PRIVATE_ADDR] = {"private_addr", U_D, TM(HMM_T_I64)},
    [HMM_OP_LOCAL_ADDR] = {"local_addr", U_D, TM(HMM_T_I64)},
    [HMM_OP_SPACE_OF] = {"space_of", U_D | U_A, T_INT},
    [HMM_OP_BR] = {"br", 0, T_NONE},
    [HMM_OP_BRC] = {"brc", U_A, T_NONE},
    [HMM_OP_CALL] = {"call", 0, T_NONE},
    [HMM_OP_RET] = {"ret", 0, T_NONE},
    [HMM_OP_TRAP] = {"trap", 0, T_NONE},
    [HMM_OP_CLZ] = {"clz", U_D | U_A, T_INT},
    [HMM_OP_CTZ] = {"ctz", U_D | U_A, T_INT},
    [HMM_OP_POPCNT] = {"popcnt", U_D | U_A, T_INT},
    [HMM_OP_GROUP] = {"group", U_D | U_A, T_INT | T_FLT}, /* b for BROADCAST */
};

static const char *const type_names[HMM_T_COUNT] = {"none", "i8",  "i16", "i32",
                                                    "i64",  "f16", "f32", "f64"};

/* Bytes of a value of @type in memory and in the argument block. */
static uint32_t type_size(uint8_t type)
{
    static const uint8_t sizes[HMM_T_COUNT] = {0, 1, 2, 4, 8, 2, 4, 8};
    return type < HMM_T_COUNT ? sizes[type] : 0;
}

/* Per-function facts gathered while checking instructions, used per kernel. */
struct fn_facts {
    uint32_t ldarg_end; /* max LDARG imm + size */
    uint32_t ldarg_insn;
    uint32_t local_end; /* max LOCAL_ADDR imm + 1 */
    uint32_t local_insn;
};

struct vstate {
    const struct hmm_program *prog;
    struct hmm_log *log;
    uint32_t *owner;        /* per insn: function index */
    struct fn_facts *facts; /* per function */
    uint8_t *color;         /* call graph DFS: 0 new, 1 on stack, 2 done */
    uint32_t *height;       /* longest call chain below the function */
    uint32_t *stack;        /* DFS stack of function indices */
    uint32_t *scan;         /* per function: next insn to scan in the DFS */
    uint32_t *mark;         /* per function: last kernel + 1 that reached it */
};

static int string_ok(const struct hmm_program *prog, uint32_t offset)
{
    return offset < prog->strings_size || (offset == 0 && prog->strings_size == 0);
}

#define REJECT(...)                                                                                \
    do {                                                                                           \
        hmm_log_printf(log, __VA_ARGS__);                                                          \
        return -HMM_EINVAL;                                                                        \
    } while (0)

static int check_functions(struct vstate *vs)
{
    const struct hmm_program *prog = vs->prog;
    struct hmm_log *log = vs->log;

    for (uint32_t f = 0; f < prog->num_functions; f++) {
        const struct hmm_function *fn = &prog->functions[f];

        if (fn->entry >= fn->end || fn->end > prog->num_insns)
            REJECT("function %u: range [%u, %u) empty or outside the code (%u insns)\n", f,
                   fn->entry, fn->end, prog->num_insns);
        if (fn->reserved)
            REJECT("function %u: reserved field not zero\n", f);
        if (!string_ok(prog, fn->name))
            REJECT("function %u: name offset %u outside the string section\n", f, fn->name);
        if ((uint64_t)fn->private_offset + fn->private_size > UINT32_MAX)
            REJECT("function %u: private range overflows\n", f);
        for (uint32_t i = fn->entry; i < fn->end; i++) {
            if (vs->owner[i] != UINT32_MAX)
                REJECT("function %u: range [%u, %u) overlaps function %u at insn %u\n", f,
                       fn->entry, fn->end, vs->owner[i], i);
            vs->owner[i] = f;
        }
        uint8_t last = prog->code[fn->end - 1].op;
        if (last != HMM_OP_BR && last != HMM_OP_RET && last != HMM_OP_TRAP)
            REJECT("function %u: last insn %u is not br, ret or trap (falls off the end)\n", f,
                   fn->end - 1);
    }
    for (uint32_t i = 0; i < prog->num_insns; i++) {
        if (vs->owner[i] == UINT32_MAX)
            REJECT("insn %u: not inside any function\n", i);
    }
    return 0;
}

static int check_order_scope(struct hmm_log *log, uint32_t n, const char *name, int32_t imm)
{
    uint32_t u = (uint32_t)imm;

    if ((u & 0xf) > HMM_ORDER_SEQ_CST)
        REJECT("insn %u: %s invalid memory order %u\n", n, name, u & 0xf);
    if (((u >> 4) & 0xf) > HMM_SCOPE_ALL_SVM_DEVICES)
        REJECT("insn %u: %s invalid scope %u\n", n, name, (u >> 4) & 0xf);
    if (u >> 8)
        REJECT("insn %u: %s imm bits above 7 set (0x%x)\n", n, name, u);
    return 0;
}

static int check_cvt(struct hmm_log *log, uint32_t n, const struct hmm_insn *in)
{
    uint8_t src = in->mod, dst = in->type, fl = in->flags;
    int src_int = src < HMM_T_COUNT && (T_INT & TM(src));
    int dst_int = T_INT & TM(dst);
    uint32_t round = (fl & HMM_CVT_ROUND_MASK) >> HMM_CVT_ROUND_SHIFT;

    if (src >= HMM_T_COUNT || !(T_VAL & TM(src)))
        REJECT("insn %u: cvt invalid source type %u\n", n, src);
    if (fl & ~(HMM_CVT_SRC_SIGNED | HMM_CVT_DST_SIGNED | HMM_CVT_SAT | HMM_CVT_ROUND_MASK))
        REJECT("insn %u: cvt unknown flags 0x%x\n", n, fl);
    if (round > HMM_ROUND_RTN)
        REJECT("insn %u: cvt invalid rounding mode %u\n", n, round);
    if ((fl & HMM_CVT_SRC_SIGNED) && !src_int)
        REJECT("insn %u: cvt SRC_SIGNED with float source %s\n", n, type_names[src]);
    if ((fl & (HMM_CVT_DST_SIGNED | HMM_CVT_SAT)) && !dst_int)
        REJECT("insn %u: cvt DST_SIGNED or SAT with float destination %s\n", n, type_names[dst]);
    if (round && src_int && dst_int)
        REJECT("insn %u: cvt rounding mode on an int to int conversion\n", n);
    return 0;
}

static int check_group(struct hmm_log *log, uint32_t n, const struct hmm_insn *in)
{
    uint32_t imm = (uint32_t)in->imm, kind = imm & 0xf;
    int is_flt = (T_FLT & TM(in->type)) != 0;

    if (in->mod > HMM_EXEC_SUB_GROUP)
        REJECT("insn %u: group invalid execution scope %u\n", n, in->mod);
    switch (in->flags) {
    case HMM_GROUP_ALL:
    case HMM_GROUP_ANY:
        if (is_flt)
            REJECT("insn %u: group all/any on float type\n", n);
        hmm_fallthrough;
    case HMM_GROUP_BROADCAST:
        if (imm)
            REJECT("insn %u: group all/any/broadcast imm %d must be zero\n", n, in->imm);
        return 0;
    case HMM_GROUP_ADD:
    case HMM_GROUP_MIN:
    case HMM_GROUP_MAX:
        if (kind > HMM_GROUP_EXCLUSIVE || (imm & ~(0xfu | HMM_GROUP_SIGNED)))
            REJECT("insn %u: group invalid kind/imm 0x%x\n", n, imm);
        if ((imm & HMM_GROUP_SIGNED) && (is_flt || in->flags == HMM_GROUP_ADD))
            REJECT("insn %u: group SIGNED only for integer min/max\n", n);
        return 0;
    default:
        REJECT("insn %u: group invalid operation %u\n", n, in->flags);
    }
}

static int check_insn(struct vstate *vs, uint32_t n)
{
    const struct hmm_program *prog = vs->prog;
    struct hmm_log *log = vs->log;
    const struct hmm_insn *in = &prog->code[n];
    const struct hmm_function *fn = &prog->functions[vs->owner[n]];
    struct fn_facts *facts = &vs->facts[vs->owner[n]];

    if (in->op >= HMM_OP_COUNT)
        REJECT("insn %u: unknown opcode %u\n", n, in->op);
    const struct op_info *oi = &op_info[in->op];
    const char *name = oi->name;
    if (in->type >= HMM_T_COUNT || !(oi->types & TM(in->type)))
        REJECT("insn %u: %s type %s not allowed\n", n, name,
               in->type < HMM_T_COUNT ? type_names[in->type] : "invalid");

    int is_int = (T_INT & TM(in->type)) != 0;
    uint8_t uses = oi->uses;
    int mod_ok = in->mod == 0, flags_ok = in->flags == 0, imm_ok = in->imm == 0;

    switch (in->op) {
    case HMM_OP_MOVI:
        imm_ok = 1;
        break;
    case HMM_OP_MOVK: {
        if (in->imm < 0 || (uint32_t)in->imm >= prog->num_literals)
            REJECT("insn %u: movk literal %d outside the pool (%u literals)\n", n, in->imm,
                   prog->num_literals);
        uint32_t bits = type_size(in->type) * 8;
        if (bits < 64 && (prog->literals[in->imm] >> bits))
            REJECT("insn %u: movk literal %d not canonical for %s\n", n, in->imm,
                   type_names[in->type]);
        imm_ok = 1;
        break;
    }
    case HMM_OP_DIV:
    case HMM_OP_REM:
    case HMM_OP_SHR:
    case HMM_OP_MULHI:
    case HMM_OP_MIN:
    case HMM_OP_MAX:
    case HMM_OP_ABS:
        if (is_int && in->mod > HMM_SIGNED)
            REJECT("insn %u: %s invalid mod %u (0 or HMM_SIGNED)\n", n, name, in->mod);
        if (is_int)
            mod_ok = 1;
        break;
    case HMM_OP_CMP:
        if (in->mod >= HMM_CC_COUNT || (is_int && in->mod > HMM_CC_UGE))
            REJECT("insn %u: cmp invalid condition %u for %s\n", n, in->mod, type_names[in->type]);
        mod_ok = 1;
        break;
    case HMM_OP_CVT:
        if (check_cvt(log, n, in))
            return -HMM_EINVAL;
        mod_ok = flags_ok = 1;
        break;
    case HMM_OP_MATH:
        if (in->imm < 0 || in->imm >= HMM_MATH_COUNT)
            REJECT("insn %u: math invalid function %d\n", n, in->imm);
        if (in->imm == HMM_MATH_FMA || in->imm == HMM_MATH_MAD)
            uses |= U_B | U_C;
        else if (in->imm == HMM_MATH_COPYSIGN)
            uses |= U_B;
        imm_ok = 1;
        break;
    case HMM_OP_LD:
    case HMM_OP_ST:
        if (in->mod >= HMM_SPACE_COUNT)
            REJECT("insn %u: %s invalid address space %u\n", n, name, in->mod);
        if (in->op == HMM_OP_ST && in->mod == HMM_SPACE_CONSTANT)
            REJECT("insn %u: st to the constant address space\n", n);
        mod_ok = imm_ok = 1;
        break;
    case HMM_OP_ATOMIC:
        if (in->mod >= HMM_SPACE_COUNT || in->mod == HMM_SPACE_CONSTANT)
            REJECT("insn %u: atomic invalid address space %u\n", n, in->mod);
        if (in->flags >= HMM_ATOMIC_COUNT)
            REJECT("insn %u: atomic invalid operation %u\n", n, in->flags);
        if (check_order_scope(log, n, name, in->imm))
            return -HMM_EINVAL;
        if (in->flags == HMM_ATOMIC_CMPXCHG)
            uses |= U_B | U_C;
        else if (in->flags != HMM_ATOMIC_LOAD)
            uses |= U_B;
        mod_ok = flags_ok = imm_ok = 1;
        break;
    case HMM_OP_FENCE:
    case HMM_OP_BARRIER:
        if (check_order_scope(log, n, name, in->imm))
            return -HMM_EINVAL;
        if (in->flags >> HMM_SPACE_COUNT)
            REJECT("insn %u: %s invalid space mask 0x%x\n", n, name, in->flags);
        if (in->op == HMM_OP_BARRIER && in->mod > HMM_EXEC_SUB_GROUP)
            REJECT("insn %u: barrier invalid execution scope %u\n", n, in->mod);
        mod_ok = in->op == HMM_OP_BARRIER || in->mod == 0;
        flags_ok = imm_ok = 1;
        break;
    case HMM_OP_GROUP:
        if (check_group(log, n, in))
            return -HMM_EINVAL;
        if (in->flags == HMM_GROUP_BROADCAST)
            uses |= U_B;
        mod_ok = flags_ok = imm_ok = 1;
        break;
    case HMM_OP_WI:
        if (in->imm < 0 || in->imm >= HMM_WI_COUNT)
            REJECT("insn %u: wi invalid query %d\n", n, in->imm);
        if (in->mod > 2)
            REJECT("insn %u: wi invalid dimension %u\n", n, in->mod);
        if (in->mod && (in->imm == HMM_WI_WORK_DIM || in->imm >= HMM_WI_GLOBAL_LINEAR_ID))
            REJECT("insn %u: wi query %d takes no dimension\n", n, in->imm);
        mod_ok = imm_ok = 1;
        break;
    case HMM_OP_LDARG: {
        if (in->imm < 0)
            REJECT("insn %u: ldarg negative offset %d\n", n, in->imm);
        uint32_t end = (uint32_t)in->imm + type_size(in->type);
        if (end > facts->ldarg_end) {
            facts->ldarg_end = end;
            facts->ldarg_insn = n;
        }
        imm_ok = 1;
        break;
    }
    case HMM_OP_DATA_ADDR:
        if (in->imm < 0 || (uint32_t)in->imm >= prog->data_size)
            REJECT("insn %u: data_addr offset %d outside the data segment (%u bytes)\n", n, in->imm,
                   prog->data_size);
        imm_ok = 1;
        break;
    case HMM_OP_PRIVATE_ADDR:
        if (in->imm < 0 || (uint32_t)in->imm < fn->private_offset ||
            (uint32_t)in->imm - fn->private_offset >= fn->private_size)
            REJECT("insn %u: private_addr offset %d outside the function's private range [%u, "
                   "%u)\n",
                   n, in->imm, fn->private_offset, fn->private_offset + fn->private_size);
        imm_ok = 1;
        break;
    case HMM_OP_LOCAL_ADDR:
        if (in->imm < 0)
            REJECT("insn %u: local_addr negative offset %d\n", n, in->imm);
        if ((uint32_t)in->imm + 1 > facts->local_end) {
            facts->local_end = (uint32_t)in->imm + 1;
            facts->local_insn = n;
        }
        imm_ok = 1;
        break;
    case HMM_OP_BR:
    case HMM_OP_BRC:
        if (in->imm < 0 || (uint32_t)in->imm < fn->entry || (uint32_t)in->imm >= fn->end)
            REJECT("insn %u: %s target %d outside the function [%u, %u)\n", n, name, in->imm,
                   fn->entry, fn->end);
        imm_ok = 1;
        break;
    case HMM_OP_CALL:
        if (in->imm < 0 || (uint32_t)in->imm >= prog->num_functions)
            REJECT("insn %u: call to function %d, program has %u\n", n, in->imm,
                   prog->num_functions);
        imm_ok = 1;
        break;
    case HMM_OP_TRAP:
        imm_ok = 1;
        break;
    default:
        break;
    }
    if (!mod_ok)
        REJECT("insn %u: %s mod %u must be zero\n", n, name, in->mod);
    if (!flags_ok)
        REJECT("insn %u: %s flags 0x%x must be zero\n", n, name, in->flags);
    if (!imm_ok)
        REJECT("insn %u: %s imm %d must be zero\n", n, name, in->imm);

    static const char opnames[4] = {'d', 'a', 'b', 'c'};
    const uint16_t regs[4] = {in->dst, in->a, in->b, in->c};
    for (int i = 0; i < 4; i++) {
        if (uses & (1u << i)) {
            if (regs[i] >= prog->num_regs)
                REJECT("insn %u: %s register %c = r%u out of range (num_regs %u)\n", n, name,
                       opnames[i], regs[i], prog->num_regs);
        } else if (regs[i]) {
            REJECT("insn %u: %s unused operand %c must be zero (is %u)\n", n, name, opnames[i],
                   regs[i]);
        }
    }
    return 0;
}

/* Depth-first over the call graph without recursion: cycles and depth. */
static int check_calls(struct vstate *vs)
{
    const struct hmm_program *prog = vs->prog;
    struct hmm_log *log = vs->log;

    for (uint32_t root = 0; root < prog->num_functions; root++) {
        uint32_t sp = 0;

        if (vs->color[root])
            continue;
        vs->stack[sp++] = root;
        vs->color[root] = 1;
        vs->scan[root] = prog->functions[root].entry;
        while (sp) {
            uint32_t f = vs->stack[sp - 1];
            const struct hmm_function *fn = &prog->functions[f];
            uint32_t i = vs->scan[f];

            while (i < fn->end && prog->code[i].op != HMM_OP_CALL)
                i++;
            if (i == fn->end) {
                vs->color[f] = 2;
                if (vs->height[f] > HMM_MAX_CALL_DEPTH)
                    REJECT("function %u: call depth %u exceeds %u\n", f, vs->height[f],
                           HMM_MAX_CALL_DEPTH);
                sp--;
                if (sp) {
                    uint32_t caller = vs->stack[sp - 1];
                    if (vs->height[f] + 1 > vs->height[caller])
                        vs->height[caller] = vs->height[f] + 1;
                }
                continue;
            }
            vs->scan[f] = i + 1;
            uint32_t callee = (uint32_t)prog->code[i].imm;
            if (vs->color[callee] == 1)
                REJECT("insn %u: recursive call: function %u calls function %u, which is on the "
                       "call chain\n",
                       i, f, callee);
            if (vs->color[callee] == 2) {
                if (vs->height[callee] + 1 > vs->height[f])
                    vs->height[f] = vs->height[callee] + 1;
                continue;
            }
            vs->color[callee] = 1;
            vs->scan[callee] = prog->functions[callee].entry;
            vs->stack[sp++] = callee;
        }
    }
    return 0;
}

static int check_kernel(struct vstate *vs, uint32_t k)
{
    const struct hmm_program *prog = vs->prog;
    struct hmm_log *log = vs->log;
    const struct hmm_kernel *kn = &prog->kernels[k];

    if (!string_ok(prog, kn->name) || !string_ok(prog, kn->attributes))
        REJECT("kernel %u: name or attributes outside the string section\n", k);
    if (kn->printf_arg &&
        ((kn->printf_arg - 1) % 8 || (uint64_t)kn->printf_arg - 1 + 8 > kn->arg_block_size))
        REJECT("kernel %u: printf buffer argument at %u is not an aligned 8 bytes inside the "
               "argument block (%u bytes)\n",
               k, kn->printf_arg - 1, kn->arg_block_size);
    if (kn->function >= prog->num_functions)
        REJECT("kernel %u: entry function %u, program has %u\n", k, kn->function,
               prog->num_functions);
    if ((uint64_t)kn->first_arg + kn->num_args > prog->num_args)
        REJECT("kernel %u: arguments [%u, %llu) outside the argument section (%u)\n", k,
               kn->first_arg, (unsigned long long)kn->first_arg + kn->num_args, prog->num_args);
    for (uint32_t i = 0; i < kn->num_args; i++) {
        const struct hmm_kernel_arg *arg = &prog->args[kn->first_arg + i];

        if (!string_ok(prog, arg->name) || !string_ok(prog, arg->type_name))
            REJECT("kernel %u: argument %u name outside the string section\n", k, i);
        if (arg->kind > HMM_ARG_BYVAL)
            REJECT("kernel %u: argument %u invalid kind %u\n", k, i, arg->kind);
        if (arg->address_qualifier > 3)
            REJECT("kernel %u: argument %u invalid address qualifier %u\n", k, i,
                   arg->address_qualifier);
        if (arg->kind != HMM_ARG_SCALAR && arg->kind != HMM_ARG_BYVAL && arg->size != 8)
            REJECT("kernel %u: argument %u is a pointer of size %u (must be 8)\n", k, i, arg->size);
        if ((uint64_t)arg->offset + arg->size > kn->arg_block_size)
            REJECT("kernel %u: argument %u bytes [%u, %llu) outside the argument block (%u "
                   "bytes)\n",
                   k, i, arg->offset, (unsigned long long)arg->offset + arg->size,
                   kn->arg_block_size);
        if (kn->printf_arg && (uint64_t)arg->offset + arg->size > kn->printf_arg - 1)
            REJECT("kernel %u: argument %u overlaps the printf buffer argument at %u\n", k, i,
                   kn->printf_arg - 1);
    }

    /* Every function reachable from the entry, marked with k + 1. */
    uint32_t sp = 0;
    vs->stack[sp++] = kn->function;
    vs->mark[kn->function] = k + 1;
    while (sp) {
        uint32_t f = vs->stack[--sp];
        const struct hmm_function *fn = &prog->functions[f];
        const struct fn_facts *facts = &vs->facts[f];

        if (facts->ldarg_end > kn->arg_block_size)
            REJECT("insn %u: ldarg reads bytes up to %u, kernel %u's argument block has %u\n",
                   facts->ldarg_insn, facts->ldarg_end, k, kn->arg_block_size);
        if (facts->local_end > kn->local_size)
            REJECT("insn %u: local_addr offset %u outside kernel %u's local size %u\n",
                   facts->local_insn, facts->local_end - 1, k, kn->local_size);
        if ((uint64_t)fn->private_offset + fn->private_size > kn->private_size)
            REJECT("kernel %u: function %u's private range [%u, %u) exceeds the kernel's private "
                   "size %u\n",
                   k, f, fn->private_offset, fn->private_offset + fn->private_size,
                   kn->private_size);
        for (uint32_t i = fn->entry; i < fn->end; i++) {
            if (prog->code[i].op != HMM_OP_CALL)
                continue;
            uint32_t callee = (uint32_t)prog->code[i].imm;
            if (vs->mark[callee] != k + 1) {
                vs->mark[callee] = k + 1;
                vs->stack[sp++] = callee;
            }
        }
    }
    return 0;
}

int hmm_verify(const struct hmm_program *prog, struct hmm_log *log)
{
    struct vstate vs = {.prog = prog, .log = log};
    size_t nf = prog->num_functions ? prog->num_functions : 1;
    size_t ni = prog->num_insns ? prog->num_insns : 1;
    int err = -HMM_ENOMEM;

    vs.owner = hmm_zalloc(ni * sizeof(*vs.owner));
    vs.facts = hmm_zalloc(nf * sizeof(*vs.facts));
    vs.color = hmm_zalloc(nf * sizeof(*vs.color));
    vs.height = hmm_zalloc(nf * sizeof(*vs.height));
    vs.stack = hmm_zalloc(nf * sizeof(*vs.stack));
    vs.scan = hmm_zalloc(nf * sizeof(*vs.scan));
    vs.mark = hmm_zalloc(nf * sizeof(*vs.mark));
    if (!vs.owner || !vs.facts || !vs.color || !vs.height || !vs.stack || !vs.scan || !vs.mark) {
        hmm_log_printf(log, "verifier: out of memory\n");
        goto out;
    }
    memset(vs.owner, 0xff, ni * sizeof(*vs.owner));

    err = -HMM_EINVAL;
    if (check_functions(&vs))
        goto out;
    for (uint32_t n = 0; n < prog->num_insns; n++) {
        if (check_insn(&vs, n))
            goto out;
    }
    if (check_calls(&vs))
        goto out;
    for (uint32_t k = 0; k < prog->num_kernels; k++) {
        if (check_kernel(&vs, k))
            goto out;
    }
    err = 0;
out:
    hmm_free(vs.owner);
    hmm_free(vs.facts);
    hmm_free(vs.color);
    hmm_free(vs.height);
    hmm_free(vs.stack);
    hmm_free(vs.scan);
    hmm_free(vs.mark);
    return err;
}
