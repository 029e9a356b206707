// SPDX-License-Identifier: MIT
/*
 * The image parser and the ISA verifier, table-driven in the style of the
 * BPF verifier's tests: each row is a small program (built with the image
 * builder), ACCEPT or REJECT, and a substring the log must contain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/builder.h"
#include "engine/engine.h"

#define I(op, type, mod, flags, d, a, b, c, imm)                                                   \
    {                                                                                              \
        HMM_OP_##op, HMM_T_##type, mod, flags, d, a, b, c, imm                                     \
    }
#define RET    I(RET, NONE, 0, 0, 0, 0, 0, 0, 0)
#define ACCEPT 1
#define REJECT 0
#define MAXI   16

/* Default shape: one function = the row's code, one kernel, 8 regs, 2 args, 64 B local, 32 B
 * private. */
struct row {
    const char *name;
    int accept;
    const char *expect;
    struct hmm_insn code[MAXI];
    void (*custom)(struct hmm_builder *b); /* builds the whole program instead of code */
};

static uint32_t count_code(const struct hmm_insn *code)
{
    uint32_t n = 0;
    /* Rows end with RET/BR/TRAP; trailing all-zero NOPs are padding. */
    for (uint32_t i = 0; i < MAXI; i++) {
        if (code[i].op || code[i].type || code[i].dst || code[i].a || code[i].imm)
            n = i + 1;
    }
    return n;
}

static void std_kernel(struct hmm_builder *b, uint32_t fn, uint32_t arg_block, uint32_t local,
                       uint32_t priv)
{
    struct hmm_kernel_arg arg0 = {.name = hmm_builder_string(b, "out"),
                                  .type_name = hmm_builder_string(b, "ulong*"),
                                  .kind = HMM_ARG_GLOBAL_PTR,
                                  .offset = 0,
                                  .size = 8};
    struct hmm_kernel_arg arg1 = {.name = hmm_builder_string(b, "x"),
                                  .type_name = hmm_builder_string(b, "ulong"),
                                  .kind = HMM_ARG_SCALAR,
                                  .offset = 8,
                                  .size = 8};
    uint32_t first = hmm_builder_arg(b, &arg0);
    hmm_builder_arg(b, &arg1);
    struct hmm_kernel k = {.name = hmm_builder_string(b, "k"),
                           .function = fn,
                           .first_arg = first,
                           .num_args = 2,
                           .arg_block_size = arg_block,
                           .local_size = local,
                           .private_size = priv};
    hmm_builder_kernel(b, &k);
}

static void add_function(struct hmm_builder *b, uint32_t entry, uint32_t end, uint32_t poff,
                         uint32_t psize)
{
    struct hmm_function f = {.entry = entry,
                             .end = end,
                             .private_offset = poff,
                             .private_size = psize,
                             .name = hmm_builder_string(b, "f")};
    hmm_builder_function(b, &f);
}

static void emit(struct hmm_builder *b, struct hmm_insn in)
{
    hmm_builder_emit(b, in);
}

/* Custom programs for the structural rules. */
static void c_recursion(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 1));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 2));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 1));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    add_function(b, 2, 4, 0, 0);
    add_function(b, 4, 6, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_self_call(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 0));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void chain(struct hmm_builder *b, uint32_t depth)
{
    /* function i calls i + 1; the last only returns: depth calls deep. */
    for (uint32_t i = 0; i <= depth; i++) {
        uint32_t at = hmm_builder_here(b);
        if (i < depth)
            emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, (int32_t)(i + 1)));
        emit(b, (struct hmm_insn)RET);
        add_function(b, at, hmm_builder_here(b), 0, 0);
    }
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_depth_ok(struct hmm_builder *b)
{
    chain(b, HMM_MAX_CALL_DEPTH);
}

static void c_depth_bad(struct hmm_builder *b)
{
    chain(b, HMM_MAX_CALL_DEPTH + 1);
}

static void c_overlap(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    add_function(b, 1, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_outside(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_gap(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

/* A helper reading arg bytes [8, 16) called from two kernels, one with a short block. */
static void c_ldarg_two_kernels(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 2));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 2));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)I(LDARG, I64, 0, 0, 1, 0, 0, 0, 8));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    add_function(b, 2, 4, 0, 0);
    add_function(b, 4, 6, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    struct hmm_kernel k = {.name = hmm_builder_string(b, "k2"), .function = 1, .arg_block_size = 8};
    hmm_builder_kernel(b, &k);
    hmm_builder_set_num_regs(b, 8);
}

static void c_callee_private(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 1));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 16);
    add_function(b, 2, 3, 16, 32); /* needs 48, kernel has 32 */
    std_kernel(b, 0, 16, 0, 32);
    hmm_builder_set_num_regs(b, 8);
}

static void c_local_callee(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)I(CALL, NONE, 0, 0, 0, 0, 0, 0, 1));
    emit(b, (struct hmm_insn)RET);
    emit(b, (struct hmm_insn)I(LOCAL_ADDR, I64, 0, 0, 1, 0, 0, 0, 64));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    add_function(b, 2, 4, 0, 0);
    std_kernel(b, 0, 16, 64, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void kernel_with_arg(struct hmm_builder *b, struct hmm_kernel_arg arg, uint32_t num_args)
{
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    uint32_t first = hmm_builder_arg(b, &arg);
    struct hmm_kernel k = {.name = hmm_builder_string(b, "k"),
                           .function = 0,
                           .first_arg = first,
                           .num_args = num_args,
                           .arg_block_size = 16};
    hmm_builder_kernel(b, &k);
    hmm_builder_set_num_regs(b, 8);
}

static void c_arg_outside_block(struct hmm_builder *b)
{
    kernel_with_arg(b, (struct hmm_kernel_arg){.kind = HMM_ARG_SCALAR, .offset = 12, .size = 8}, 1);
}

static void c_arg_ptr_size(struct hmm_builder *b)
{
    kernel_with_arg(b, (struct hmm_kernel_arg){.kind = HMM_ARG_GLOBAL_PTR, .size = 4}, 1);
}

static void c_arg_kind(struct hmm_builder *b)
{
    kernel_with_arg(b, (struct hmm_kernel_arg){.kind = 9, .size = 4}, 1);
}

static void c_args_section(struct hmm_builder *b)
{
    kernel_with_arg(b, (struct hmm_kernel_arg){.kind = HMM_ARG_SCALAR, .size = 4}, 2);
}

static void c_kernel_entry(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    std_kernel(b, 5, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_kernel_name(struct hmm_builder *b)
{
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    struct hmm_kernel k = {.name = 100000, .function = 0};
    hmm_builder_kernel(b, &k);
    hmm_builder_set_num_regs(b, 8);
}

static void c_movk_noncanonical(struct hmm_builder *b)
{
    uint32_t lit = hmm_builder_literal(b, 0x100000000ull);
    emit(b, (struct hmm_insn)I(MOVK, I32, 0, 0, 1, 0, 0, 0, (int32_t)lit));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_data_ok(struct hmm_builder *b)
{
    uint32_t off = hmm_builder_data(b, "abcd", 4, 4);
    hmm_builder_data(b, NULL, 64, 8);
    emit(b, (struct hmm_insn)I(DATA_ADDR, I64, 0, 0, 1, 0, 0, 0, (int32_t)off + 60));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

static void c_data_bad(struct hmm_builder *b)
{
    hmm_builder_data(b, "abcd", 4, 4);
    emit(b, (struct hmm_insn)I(DATA_ADDR, I64, 0, 0, 1, 0, 0, 0, 4));
    emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 2, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 8);
}

#define O(x)       (HMM_ORDER_##x)
#define S(x)       (HMM_SCOPE_##x << 4)
#define CVT_RND(r) ((HMM_ROUND_##r) << HMM_CVT_ROUND_SHIFT)

static const struct row rows[] = {
    /* Accepted programs. */
    {"minimal", ACCEPT, "", {RET}, NULL},
    {"int and float arithmetic",
     ACCEPT,
     "",
     {I(MOVI, I32, 0, 0, 1, 0, 0, 0, -5), I(ADD, I32, 0, 0, 2, 1, 1, 0, 0),
      I(DIV, I64, HMM_SIGNED, 0, 3, 2, 1, 0, 0), I(MATH, F32, 0, 0, 4, 1, 2, 3, HMM_MATH_FMA),
      I(MATH, F64, 0, 0, 4, 1, 0, 0, HMM_MATH_SQRT), I(CMP, F32, HMM_CC_UNO, 0, 5, 4, 4, 0, 0),
      I(SELECT, F64, 0, 0, 6, 5, 4, 3, 0),
      I(CVT, I32, HMM_T_F32, HMM_CVT_DST_SIGNED | HMM_CVT_SAT | CVT_RND(RTN), 7, 4, 0, 0, 0), RET},
     NULL},
    {"memory, atomics, queries",
     ACCEPT,
     "",
     {I(LDARG, I64, 0, 0, 1, 0, 0, 0, 0), I(LD, F16, HMM_SPACE_GLOBAL, 0, 2, 1, 0, 0, -8),
      I(ST, I8, HMM_SPACE_GENERIC, 0, 0, 1, 2, 0, 3),
      I(ATOMIC, I32, HMM_SPACE_GLOBAL, HMM_ATOMIC_CMPXCHG, 3, 1, 2, 3, O(SEQ_CST) | S(DEVICE)),
      I(ATOMIC, I64, HMM_SPACE_LOCAL, HMM_ATOMIC_LOAD, 3, 1, 0, 0, O(ACQUIRE) | S(WORK_GROUP)),
      I(FENCE, NONE, 0, 0x1f, 0, 0, 0, 0, O(ACQ_REL) | S(ALL_SVM_DEVICES)),
      I(BARRIER, NONE, 0, 1 << HMM_SPACE_LOCAL, 0, 0, 0, 0, O(SEQ_CST) | S(WORK_GROUP)),
      I(WI, I64, 2, 0, 4, 0, 0, 0, HMM_WI_GLOBAL_ID), I(LOCAL_ADDR, I64, 0, 0, 5, 0, 0, 0, 63),
      I(PRIVATE_ADDR, I64, 0, 0, 6, 0, 0, 0, 31), I(SPACE_OF, I32, 0, 0, 7, 6, 0, 0, 0),
      I(BRC, NONE, 0, 0, 0, 7, 0, 0, 0), RET},
     NULL},
    {"collectives and sub-group queries",
     ACCEPT,
     "",
     {I(GROUP, I8, HMM_EXEC_WORK_GROUP, HMM_GROUP_ALL, 1, 2, 0, 0, 0),
      I(GROUP, I32, HMM_EXEC_SUB_GROUP, HMM_GROUP_ANY, 1, 2, 0, 0, 0),
      I(GROUP, F64, HMM_EXEC_WORK_GROUP, HMM_GROUP_BROADCAST, 1, 2, 3, 0, 0),
      I(GROUP, I64, HMM_EXEC_SUB_GROUP, HMM_GROUP_MIN, 1, 2, 0, 0,
        HMM_GROUP_EXCLUSIVE | HMM_GROUP_SIGNED),
      I(GROUP, F32, HMM_EXEC_WORK_GROUP, HMM_GROUP_ADD, 1, 2, 0, 0, HMM_GROUP_INCLUSIVE),
      I(GROUP, I16, HMM_EXEC_WORK_GROUP, HMM_GROUP_MAX, 1, 2, 0, 0, HMM_GROUP_REDUCE),
      I(BARRIER, NONE, HMM_EXEC_SUB_GROUP, 1 << HMM_SPACE_LOCAL, 0, 0, 0, 0,
        O(ACQ_REL) | S(SUB_GROUP)),
      I(WI, I32, 0, 0, 4, 0, 0, 0, HMM_WI_SUB_GROUP_SIZE),
      I(WI, I64, 0, 0, 4, 0, 0, 0, HMM_WI_SUB_GROUP_LOCAL_ID), RET},
     NULL},
    {"call depth exactly the limit", ACCEPT, "", {{0}}, c_depth_ok},
    {"data_addr inside data", ACCEPT, "", {{0}}, c_data_ok},

    /* Encoding. */
    {"unknown opcode",
     REJECT,
     "insn 0: unknown opcode 200",
     {{200, 0, 0, 0, 0, 0, 0, 0, 0}, RET},
     NULL},
    {"and on f32",
     REJECT,
     "insn 0: and type f32 not allowed",
     {I(AND, F32, 0, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"math on i32", REJECT, "type i32 not allowed", {I(MATH, I32, 0, 0, 1, 2, 0, 0, 2), RET}, NULL},
    {"add on f16",
     REJECT,
     "add type f16 not allowed",
     {I(ADD, F16, 0, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"invalid type",
     REJECT,
     "type invalid not allowed",
     {{HMM_OP_ADD, 9, 0, 0, 1, 2, 3, 0, 0}, RET},
     NULL},
    {"atomic on f32",
     REJECT,
     "atomic type f32 not allowed",
     {I(ATOMIC, F32, 0, HMM_ATOMIC_ADD, 1, 2, 3, 0, 0), RET},
     NULL},
    {"ld without type", REJECT, "ld type none", {I(LD, NONE, 0, 0, 1, 2, 0, 0, 0), RET}, NULL},
    {"typed branch", REJECT, "br type i32", {I(BR, I32, 0, 0, 0, 0, 0, 0, 0)}, NULL},
    {"mod on add",
     REJECT,
     "insn 0: add mod 1 must be zero",
     {I(ADD, I32, 1, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"signed on float div",
     REJECT,
     "div mod 1 must be zero",
     {I(DIV, F32, 1, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"shr mod 2", REJECT, "shr invalid mod 2", {I(SHR, I32, 2, 0, 1, 2, 3, 0, 0), RET}, NULL},
    {"flags on mul",
     REJECT,
     "mul flags 0x4 must be zero",
     {I(MUL, I32, 0, 4, 1, 2, 3, 0, 0), RET},
     NULL},
    {"imm on sub", REJECT, "sub imm 7 must be zero", {I(SUB, I64, 0, 0, 1, 2, 3, 0, 7), RET}, NULL},
    {"unordered cmp on ints",
     REJECT,
     "cmp invalid condition 10 for i32",
     {I(CMP, I32, HMM_CC_UEQ, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"cmp condition range",
     REJECT,
     "cmp invalid condition 14",
     {I(CMP, F64, 14, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"cvt source type",
     REJECT,
     "cvt invalid source type 0",
     {I(CVT, I32, 0, 0, 1, 2, 0, 0, 0), RET},
     NULL},
    {"cvt unknown flags",
     REJECT,
     "cvt unknown flags 0x8",
     {I(CVT, I32, HMM_T_I64, 8, 1, 2, 0, 0, 0), RET},
     NULL},
    {"cvt rounding mode",
     REJECT,
     "cvt invalid rounding mode 5",
     {I(CVT, F32, HMM_T_F64, 5 << HMM_CVT_ROUND_SHIFT, 1, 2, 0, 0, 0), RET},
     NULL},
    {"cvt signed float source",
     REJECT,
     "cvt SRC_SIGNED with float source f32",
     {I(CVT, I32, HMM_T_F32, HMM_CVT_SRC_SIGNED, 1, 2, 0, 0, 0), RET},
     NULL},
    {"cvt sat to float",
     REJECT,
     "cvt DST_SIGNED or SAT with float destination",
     {I(CVT, F32, HMM_T_I32, HMM_CVT_SAT, 1, 2, 0, 0, 0), RET},
     NULL},
    {"cvt rounding int to int",
     REJECT,
     "rounding mode on an int to int",
     {I(CVT, I32, HMM_T_I64, CVT_RND(RTP), 1, 2, 0, 0, 0), RET},
     NULL},
    {"math function",
     REJECT,
     "math invalid function 9",
     {I(MATH, F32, 0, 0, 1, 2, 0, 0, 9), RET},
     NULL},
    {"math unused operand",
     REJECT,
     "math unused operand b must be zero",
     {I(MATH, F32, 0, 0, 1, 2, 3, 0, HMM_MATH_SQRT), RET},
     NULL},
    {"ld space",
     REJECT,
     "ld invalid address space 5",
     {I(LD, I32, 5, 0, 1, 2, 0, 0, 0), RET},
     NULL},
    {"st to constant",
     REJECT,
     "st to the constant address space",
     {I(ST, I32, HMM_SPACE_CONSTANT, 0, 0, 2, 3, 0, 0), RET},
     NULL},
    {"atomic on constant",
     REJECT,
     "atomic invalid address space 1",
     {I(ATOMIC, I32, HMM_SPACE_CONSTANT, HMM_ATOMIC_ADD, 1, 2, 3, 0, 0), RET},
     NULL},
    {"atomic op",
     REJECT,
     "atomic invalid operation 13",
     {I(ATOMIC, I32, 0, 13, 1, 2, 3, 0, 0), RET},
     NULL},
    {"atomic order",
     REJECT,
     "atomic invalid memory order 5",
     {I(ATOMIC, I32, 0, HMM_ATOMIC_ADD, 1, 2, 3, 0, 5), RET},
     NULL},
    {"atomic scope",
     REJECT,
     "atomic invalid scope 5",
     {I(ATOMIC, I32, 0, HMM_ATOMIC_ADD, 1, 2, 3, 0, 0x50), RET},
     NULL},
    {"atomic imm high bits",
     REJECT,
     "imm bits above 7",
     {I(ATOMIC, I32, 0, HMM_ATOMIC_ADD, 1, 2, 3, 0, 0x104), RET},
     NULL},
    {"atomic load with b",
     REJECT,
     "atomic unused operand b",
     {I(ATOMIC, I32, 0, HMM_ATOMIC_LOAD, 1, 2, 3, 0, 0), RET},
     NULL},
    {"fence space mask",
     REJECT,
     "fence invalid space mask 0x20",
     {I(FENCE, NONE, 0, 0x20, 0, 0, 0, 0, 0), RET},
     NULL},
    {"barrier order",
     REJECT,
     "barrier invalid memory order 9",
     {I(BARRIER, NONE, 0, 0, 0, 0, 0, 0, 9), RET},
     NULL},
    {"wi sub-group dimension",
     REJECT,
     "takes no dimension",
     {I(WI, I32, 1, 0, 1, 0, 0, 0, HMM_WI_NUM_SUB_GROUPS), RET},
     NULL},
    {"barrier scope",
     REJECT,
     "barrier invalid execution scope 2",
     {I(BARRIER, NONE, 2, 0, 0, 0, 0, 0, 0), RET},
     NULL},
    {"fence mod",
     REJECT,
     "fence mod 1 must be zero",
     {I(FENCE, NONE, 1, 0, 0, 0, 0, 0, 0), RET},
     NULL},
    {"group scope",
     REJECT,
     "group invalid execution scope 2",
     {I(GROUP, I32, 2, HMM_GROUP_ADD, 1, 2, 0, 0, 0), RET},
     NULL},
    {"group op",
     REJECT,
     "group invalid operation 6",
     {I(GROUP, I32, 0, 6, 1, 2, 0, 0, 0), RET},
     NULL},
    {"group kind",
     REJECT,
     "group invalid kind/imm 0x3",
     {I(GROUP, I32, 0, HMM_GROUP_ADD, 1, 2, 0, 0, 3), RET},
     NULL},
    {"group imm bits",
     REJECT,
     "group invalid kind/imm 0x21",
     {I(GROUP, I32, 0, HMM_GROUP_MIN, 1, 2, 0, 0, 0x21), RET},
     NULL},
    {"group signed add",
     REJECT,
     "SIGNED only for integer min/max",
     {I(GROUP, I32, 0, HMM_GROUP_ADD, 1, 2, 0, 0, HMM_GROUP_SIGNED), RET},
     NULL},
    {"group signed float",
     REJECT,
     "SIGNED only for integer min/max",
     {I(GROUP, F32, 0, HMM_GROUP_MAX, 1, 2, 0, 0, HMM_GROUP_SIGNED), RET},
     NULL},
    {"group all on float",
     REJECT,
     "group all/any on float type",
     {I(GROUP, F32, 0, HMM_GROUP_ALL, 1, 2, 0, 0, 0), RET},
     NULL},
    {"group broadcast imm",
     REJECT,
     "group all/any/broadcast imm 1 must be zero",
     {I(GROUP, I32, 0, HMM_GROUP_BROADCAST, 1, 2, 3, 0, 1), RET},
     NULL},
    {"group type",
     REJECT,
     "group type f16 not allowed",
     {I(GROUP, F16, 0, HMM_GROUP_ADD, 1, 2, 0, 0, 0), RET},
     NULL},
    {"group unused b",
     REJECT,
     "group unused operand b must be zero (is 3)",
     {I(GROUP, I32, 0, HMM_GROUP_ADD, 1, 2, 3, 0, 0), RET},
     NULL},
    {"group broadcast b out of range",
     REJECT,
     "group register b = r9 out of range",
     {I(GROUP, I32, 0, HMM_GROUP_BROADCAST, 1, 2, 9, 0, 0), RET},
     NULL},
    {"wi query", REJECT, "wi invalid query 17", {I(WI, I64, 0, 0, 1, 0, 0, 0, 17), RET}, NULL},
    {"wi dimension",
     REJECT,
     "wi invalid dimension 3",
     {I(WI, I64, 3, 0, 1, 0, 0, 0, 0), RET},
     NULL},
    {"wi work_dim dimension",
     REJECT,
     "takes no dimension",
     {I(WI, I32, 1, 0, 1, 0, 0, 0, HMM_WI_WORK_DIM), RET},
     NULL},
    {"wi type", REJECT, "wi type f32", {I(WI, F32, 0, 0, 1, 0, 0, 0, 0), RET}, NULL},

    /* Registers. */
    {"dst out of range",
     REJECT,
     "insn 0: add register d = r8 out of range (num_regs 8)",
     {I(ADD, I32, 0, 0, 8, 2, 3, 0, 0), RET},
     NULL},
    {"c out of range", REJECT, "register c = r9", {I(SELECT, I32, 0, 0, 1, 2, 3, 9, 0), RET}, NULL},
    {"unused operand",
     REJECT,
     "not unused operand b must be zero",
     {I(NOT, I32, 0, 0, 1, 2, 3, 0, 0), RET},
     NULL},
    {"ret with operand", REJECT, "ret unused operand d", {I(RET, NONE, 0, 0, 1, 0, 0, 0, 0)}, NULL},

    /* Control flow. */
    {"branch past the function",
     REJECT,
     "insn 0: br target 2 outside the function [0, 2)",
     {I(BR, NONE, 0, 0, 0, 0, 0, 0, 2), RET},
     NULL},
    {"negative branch", REJECT, "brc target -1", {I(BRC, NONE, 0, 0, 0, 1, 0, 0, -1), RET}, NULL},
    {"call unknown function",
     REJECT,
     "call to function 3, program has 1",
     {I(CALL, NONE, 0, 0, 0, 0, 0, 0, 3), RET},
     NULL},
    {"falls off the end",
     REJECT,
     "function 0: last insn 0 is not br, ret or trap",
     {I(MOVI, I32, 0, 0, 1, 0, 0, 0, 1)},
     NULL},
    {"recursion", REJECT, "recursive call", {{0}}, c_recursion},
    {"self call",
     REJECT,
     "insn 0: recursive call: function 0 calls function 0",
     {{0}},
     c_self_call},
    {"call depth", REJECT, "call depth 33 exceeds 32", {{0}}, c_depth_bad},
    {"functions overlap", REJECT, "function 1: range [1, 2) overlaps function 0", {{0}}, c_overlap},
    {"function outside code",
     REJECT,
     "function 0: range [0, 2) empty or outside",
     {{0}},
     c_outside},
    {"insn outside functions", REJECT, "insn 1: not inside any function", {{0}}, c_gap},

    /* Immediates naming program resources. */
    {"movk index",
     REJECT,
     "movk literal 0 outside the pool (0 literals)",
     {I(MOVK, I64, 0, 0, 1, 0, 0, 0, 0), RET},
     NULL},
    {"movk non-canonical",
     REJECT,
     "movk literal 0 not canonical for i32",
     {{0}},
     c_movk_noncanonical},
    {"ldarg past the block",
     REJECT,
     "insn 0: ldarg reads bytes up to 20, kernel 0's argument block has 16",
     {I(LDARG, I64, 0, 0, 1, 0, 0, 0, 12), RET},
     NULL},
    {"ldarg negative",
     REJECT,
     "ldarg negative offset",
     {I(LDARG, I8, 0, 0, 1, 0, 0, 0, -1), RET},
     NULL},
    {"ldarg through a shared callee",
     REJECT,
     "insn 4: ldarg reads bytes up to 16, kernel 1's argument block has 8",
     {{0}},
     c_ldarg_two_kernels},
    {"data_addr past data",
     REJECT,
     "data_addr offset 4 outside the data segment (4 bytes)",
     {{0}},
     c_data_bad},
    {"private_addr past the function",
     REJECT,
     "private_addr offset 32 outside the function's private range [0, 32)",
     {I(PRIVATE_ADDR, I64, 0, 0, 1, 0, 0, 0, 32), RET},
     NULL},
    {"local_addr past local size",
     REJECT,
     "local_addr offset 64 outside kernel 0's local size 64",
     {I(LOCAL_ADDR, I64, 0, 0, 1, 0, 0, 0, 64), RET},
     NULL},
    {"local_addr in a callee", REJECT, "insn 2: local_addr offset 64", {{0}}, c_local_callee},
    {"private_addr typed i32",
     REJECT,
     "private_addr type i32",
     {I(PRIVATE_ADDR, I32, 0, 0, 1, 0, 0, 0, 0), RET},
     NULL},

    /* Kernels. */
    {"callee private beyond the kernel",
     REJECT,
     "kernel 0: function 1's private range [16, 48) exceeds the kernel's private size 32",
     {{0}},
     c_callee_private},
    {"argument outside the block",
     REJECT,
     "kernel 0: argument 0 bytes [12, 20) outside",
     {{0}},
     c_arg_outside_block},
    {"pointer argument size", REJECT, "argument 0 is a pointer of size 4", {{0}}, c_arg_ptr_size},
    {"argument kind", REJECT, "argument 0 invalid kind 9", {{0}}, c_arg_kind},
    {"arguments outside the section",
     REJECT,
     "kernel 0: arguments [0, 2) outside",
     {{0}},
     c_args_section},
    {"kernel entry", REJECT, "kernel 0: entry function 5, program has 1", {{0}}, c_kernel_entry},
    {"kernel name", REJECT, "kernel 0: name or attributes outside", {{0}}, c_kernel_name},
};

static int passed, failed;

static void check(int ok, const char *name, const char *log)
{
    if (ok) {
        passed++;
    } else {
        failed++;
        printf("FAIL %s\n  log: %s\n", name, log);
    }
}

static void run_row(const struct row *r)
{
    struct hmm_builder *b = hmm_builder_create();
    if (r->custom) {
        r->custom(b);
    } else {
        uint32_t n = count_code(r->code);
        for (uint32_t i = 0; i < n; i++)
            hmm_builder_emit(b, r->code[i]);
        add_function(b, 0, n, 0, 32);
        std_kernel(b, 0, 16, 64, 32);
        hmm_builder_set_num_regs(b, 8);
    }
    void *image;
    size_t size;
    if (hmm_builder_finish(b, &image, &size)) {
        check(0, r->name, "builder failed");
        hmm_builder_destroy(b);
        return;
    }
    hmm_builder_destroy(b);

    char buf[512] = "";
    struct hmm_log log = {buf, sizeof(buf), 0};
    struct hmm_program prog;
    int err = hmm_image_parse(image, size, &prog, &log);
    if (!err)
        err = hmm_verify(&prog, &log);
    int ok = r->accept ? err == 0 && buf[0] == '\0'
                       : err == -HMM_EINVAL && strstr(buf, r->expect) != NULL &&
                             strchr(buf, '\n') == buf + strlen(buf) - 1;
    check(ok, r->name, buf);
    free(image);
}

/* The container: parse rejections on a valid image, corrupted. */
static void *valid_image(size_t *size)
{
    struct hmm_builder *b = hmm_builder_create();
    hmm_builder_emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    hmm_builder_set_num_regs(b, 1);
    hmm_builder_literal(b, 42);
    void *image;
    hmm_builder_finish(b, &image, size);
    hmm_builder_destroy(b);
    return image;
}

static void parse_case(const char *name, void (*corrupt)(struct hmm_image_header *h, size_t *size),
                       const char *expect)
{
    size_t size;
    struct hmm_image_header *h = valid_image(&size);
    char buf[256] = "";
    struct hmm_log log = {buf, sizeof(buf), 0};
    struct hmm_program prog;

    if (corrupt)
        corrupt(h, &size);
    int err = hmm_image_parse(h, size, &prog, &log);
    if (!expect)
        check(err == 0 && hmm_verify(&prog, &log) == 0 &&
                  hmm_program_find_kernel(&prog, "k") == 0 &&
                  hmm_program_find_kernel(&prog, "nope") == -1 &&
                  !strcmp(hmm_program_string(&prog, 1u << 30), "") && prog.literals[0] == 42,
              name, buf);
    else
        check(err == -HMM_EINVAL && strstr(buf, expect), name, buf);
    free(h);
}

static void p_short(struct hmm_image_header *h, size_t *size)
{
    *size = sizeof(*h) - 1;
}
static void p_magic(struct hmm_image_header *h, size_t *size)
{
    h->magic ^= 1;
}
static void p_major(struct hmm_image_header *h, size_t *size)
{
    h->version_major = 2;
    h->version_minor = 0;
}
static void p_minor(struct hmm_image_header *h, size_t *size)
{
    h->version_minor = HMM_ISA_VERSION_MINOR + 1;
}
static void p_size(struct hmm_image_header *h, size_t *size)
{
    h->size = (uint32_t)*size + 8;
}
static void p_reserved(struct hmm_image_header *h, size_t *size)
{
    h->reserved = 1;
}
static void p_regs(struct hmm_image_header *h, size_t *size)
{
    h->num_regs = HMM_MAX_REGS + 1;
}
static void p_code_out(struct hmm_image_header *h, size_t *size)
{
    h->code.count = 0x10000000; /* count * 16 overflows 32 bits */
}
static void p_align(struct hmm_image_header *h, size_t *size)
{
    h->kernels.offset += 4;
}
static void p_in_header(struct hmm_image_header *h, size_t *size)
{
    h->literals.offset = 8;
}
static void p_strings(struct hmm_image_header *h, size_t *size)
{
    ((char *)h)[h->strings.offset + h->strings.count - 1] = 'x';
}
static void p_data(struct hmm_image_header *h, size_t *size)
{
    h->data.count = 8;
    h->data.offset = h->code.offset;
    h->data_size = 4;
}

static void test_log_truncation(void)
{
    char buf[8];
    struct hmm_log log = {buf, sizeof(buf), 0};
    hmm_log_printf(&log, "%s", "0123456789");
    hmm_log_printf(&log, "more");
    check(!strcmp(buf, "0123456") && log.len == 7, "log truncates and terminates", buf);
    hmm_log_printf(NULL, "ignored");
}

static void test_builder_dedup(void)
{
    struct hmm_builder *b = hmm_builder_create();
    uint32_t s1 = hmm_builder_string(b, "hello"), s2 = hmm_builder_string(b, "world");
    uint32_t l1 = hmm_builder_literal(b, 7);
    for (int i = 0; i < 1000; i++)
        hmm_builder_literal(b, (uint64_t)i * 977);
    uint32_t d0 = hmm_builder_data(b, "x", 1, 1), d1 = hmm_builder_data(b, NULL, 8, 8);
    int ok = hmm_builder_string(b, "hello") == s1 && hmm_builder_string(b, "world") == s2 &&
             s1 != s2 && hmm_builder_string(b, "") == 0 && hmm_builder_literal(b, 7) == l1 &&
             hmm_builder_literal(b, 977 * 999) == hmm_builder_literal(b, 977 * 999) && d0 == 0 &&
             d1 == 8;
    hmm_builder_emit(b, (struct hmm_insn)RET);
    add_function(b, 0, 1, 0, 0);
    std_kernel(b, 0, 16, 0, 0);
    void *image;
    size_t size;
    ok = ok && hmm_builder_finish(b, &image, &size) == 0 && size % 8 == 0;
    struct hmm_image_header *h = image;
    ok = ok && h->data_size == 16 && h->data.count == 1 && h->literals.count == 1001 &&
         h->code.offset % 8 == 0 && h->strings.offset % 8 == 0 && h->args.offset % 8 == 0;
    check(ok, "builder dedups and aligns", "");
    free(image);
    hmm_builder_destroy(b);
}

/* Relocations: aligned 8-byte slots of the initial bytes, each holding an offset in the segment. */
static void test_relocs(void)
{
    static const struct {
        const char *name;
        uint32_t at;
        uint64_t slot;
        const char *expect;
    } cases[] = {
        {"relocs: valid", 8, 32, NULL},
        {"relocs: misaligned", 4, 0, "relocation 0 at 4 outside"},
        {"relocs: past the initial bytes", 16, 0, "relocation 0 at 16 outside the initial data"},
        {"relocs: target past the segment", 8, 33, "points 33 bytes into a 32-byte segment"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct hmm_builder *b = hmm_builder_create();
        uint64_t init[2] = {0, cases[i].slot};
        hmm_builder_emit(b, (struct hmm_insn)RET);
        add_function(b, 0, 1, 0, 0);
        std_kernel(b, 0, 16, 0, 0);
        hmm_builder_data(b, init, sizeof(init), 8);
        hmm_builder_data(b, NULL, 16, 8);
        hmm_builder_reloc(b, cases[i].at);
        void *image;
        size_t size;
        char buf[256] = "";
        struct hmm_log log = {buf, sizeof(buf), 0};
        struct hmm_program prog;
        int ok = hmm_builder_finish(b, &image, &size) == 0;
        int err = ok ? hmm_image_parse(image, size, &prog, &log) : -1;
        if (!cases[i].expect)
            check(ok && !err && prog.num_relocs == 1 && prog.relocs[0] == 8, cases[i].name, buf);
        else
            check(ok && err == -HMM_EINVAL && strstr(buf, cases[i].expect), cases[i].name, buf);
        if (ok)
            free(image);
        hmm_builder_destroy(b);
    }
}

int main(void)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
        run_row(&rows[i]);
    parse_case("parse: valid image", NULL, NULL);
    parse_case("parse: short", p_short, "smaller than the header");
    parse_case("parse: magic", p_magic, "bad magic");
    parse_case("parse: major version", p_major, "ISA version 2.0, this engine runs 1.x");
    parse_case("parse: newer minor", p_minor, "newer than this engine");
    parse_case("parse: size", p_size, "header size");
    parse_case("parse: reserved", p_reserved, "reserved header fields");
    parse_case("parse: registers", p_regs, "registers, at most 65535");
    parse_case("parse: code overflow", p_code_out, "code section");
    parse_case("parse: alignment", p_align, "kernels section offset");
    parse_case("parse: section in header", p_in_header, "literals section [8,");
    parse_case("parse: strings", p_strings, "not NUL-terminated");
    parse_case("parse: data", p_data, "initial data bytes");
    test_log_truncation();
    test_builder_dedup();
    test_relocs();
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
