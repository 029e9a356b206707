/* SPDX-License-Identifier: MIT */
/*
 * DOC: SPIR-V module
 *
 * A SPIR-V binary parsed into what the lowering needs: the instruction
 * stream (endianness normalised), one entry per result id (its kind, its
 * type, its defining instruction, its name and decorations), types with
 * their OpenCL C memory layout, constants, module-scope variables,
 * functions cut into blocks, and the kernel entry points with their
 * execution modes.
 *
 * The parser trusts nothing: every id it dereferences is bounds-checked and
 * of the expected kind, every instruction fits the binary, every literal
 * string is terminated. What it cannot represent (OpTypeImage, OpTypeSampler,
 * Shader modules, ...) is rejected with one line naming the instruction.
 * Ids used as instruction operands inside functions are checked by the
 * lowering, which asks for them through spv_module accessors that fail
 * cleanly.
 */
#ifndef HMM_SPIRV_MODULE_H
#define HMM_SPIRV_MODULE_H

#include <stddef.h>
#include <stdint.h>

struct spv_inst {
    const uint32_t *w; /* w[0] = word count << 16 | opcode; w[1..] operands */
    uint16_t op;
    uint16_t nw;   /* words, including w[0] */
    uint32_t line; /* source line of the OpLine in effect, 0 if none */
};

enum spv_tkind {
    SPV_T_VOID,
    SPV_T_BOOL,
    SPV_T_INT,
    SPV_T_FLOAT,
    SPV_T_VECTOR,
    SPV_T_ARRAY,
    SPV_T_STRUCT,
    SPV_T_POINTER,
    SPV_T_FUNCTION,
    SPV_T_OPAQUE, /* OpTypeEvent, OpTypeOpaque, ...: only usable behind pointers */
};

struct spv_type {
    enum spv_tkind kind;
    uint32_t width;          /* INT, FLOAT: bits */
    uint32_t elem;           /* VECTOR/ARRAY element, POINTER pointee, FUNCTION return */
    uint32_t count;          /* VECTOR components, ARRAY length, STRUCT/FUNCTION members */
    const uint32_t *members; /* STRUCT member types, FUNCTION parameter types */
    uint32_t *offsets;       /* STRUCT member byte offsets (laid out by spv_type_layout) */
    uint32_t storage;        /* POINTER: SpvStorageClass */
    uint32_t size, align;    /* bytes in memory, OpenCL C layout (vec3 as vec4) */
    uint32_t nleaves;        /* scalar components of a value (vec3: 3) */
    uint8_t layout_state;    /* 0 not laid out, 1 in progress, 2 done */
};

struct spv_const {
    uint64_t bits;         /* scalar: the value's bits, zero-extended */
    const uint32_t *parts; /* composite: constituent ids */
    uint32_t nparts;
    uint8_t null; /* OpConstantNull: every leaf zero */
    /*
     * OpSpecConstantOp: the operation (SpvOp) and its operands, until the
     * lowering folds it (then 0): into @bits, or into an address constant.
     */
    uint16_t spec_op;
    const uint32_t *ops;
    uint32_t nops;
    /* An address constant: module-scope variable @addr_var's address plus @bits bytes. */
    uint32_t addr_var;
};

enum spv_idkind {
    SPV_ID_NONE = 0,
    SPV_ID_TYPE,
    SPV_ID_CONST, /* OpConstant*, OpSpecConstant* (default values) */
    SPV_ID_UNDEF,
    SPV_ID_VAR, /* module-scope OpVariable */
    SPV_ID_FUNC,
    SPV_ID_PARAM,
    SPV_ID_LABEL,
    SPV_ID_VALUE, /* any other result inside a function (incl. Function variables) */
    SPV_ID_EXTSET,
    SPV_ID_STRING,
    SPV_ID_DECOGROUP,
};

/* FuncParamAttr bits: 1 << SpvFunctionParameterAttribute. */
struct spv_deco {
    uint32_t builtin;     /* SpvBuiltIn + 1; 0 none */
    uint32_t param_attrs; /* mask of 1 << SpvFunctionParameterAttribute */
    uint32_t alignment;
    uint8_t fp_rounding; /* SpvFPRoundingMode + 1; 0 none */
    uint8_t saturated;
    uint8_t constant;
    uint8_t is_volatile;
    uint8_t cpacked;
    uint8_t linkage; /* 0 none, 1 export, 2 import */
    const char *linkage_name;
};

struct spv_id {
    uint8_t kind;        /* enum spv_idkind */
    uint32_t type;       /* result type id (constants, variables, params, values) */
    uint32_t inst;       /* defining instruction index */
    uint32_t index;      /* FUNC: function index; LABEL: block index in its function */
    const char *name;    /* OpName, NULL if none */
    const char *str;     /* OpString, OpExtInstImport */
    struct spv_type *t;  /* TYPE */
    struct spv_const *c; /* CONST */
    struct spv_deco d;
};

struct spv_block {
    uint32_t label;
    uint32_t first; /* first instruction after OpLabel */
    uint32_t end;   /* one past the terminator */
};

struct spv_function {
    uint32_t id;
    uint32_t type; /* OpTypeFunction */
    uint32_t ret_type;
    uint32_t *params;
    uint32_t nparams;
    struct spv_block *blocks;
    uint32_t nblocks;
};

struct spv_entry {
    uint32_t func; /* function index */
    const char *name;
    uint32_t reqd_size[3];  /* LocalSize; 0 if none */
    uint32_t size_hint[3];  /* LocalSizeHint; 0 if none */
    uint32_t vec_type_hint; /* VecTypeHint literal + 1; 0 if none */
    uint8_t contraction_off;
};

struct spv_module {
    uint32_t *words; /* owned copy, host endianness */
    size_t num_words;
    uint32_t version;
    uint32_t bound;
    struct spv_inst *insts;
    uint32_t num_insts;
    struct spv_id *ids; /* [bound] */
    struct spv_function *funcs;
    uint32_t num_funcs;
    struct spv_entry *entries;
    uint32_t num_entries;
    uint32_t *globals; /* module-scope OpVariable ids in order */
    uint32_t num_globals;
    uint32_t *strings; /* OpString ids in order */
    uint32_t num_strings;
    uint32_t ocl_std;    /* id of the OpenCL.std import, 0 if none */
    uint32_t addressing; /* SpvAddressingModel */
    char **owned_strings;
    uint32_t num_owned_strings, cap_owned_strings;
};

/*
 * Parse @num_words words of SPIR-V (either endianness). Returns 0 and a
 * module, or a negative errno with one line in @log.
 */
int spv_module_parse(const uint32_t *words, size_t num_words, struct spv_module **out, char *log,
                     size_t log_size);
void spv_module_free(struct spv_module *m);

/* The id entry, or NULL if @id is 0 or out of range. */
static inline struct spv_id *spv_id(const struct spv_module *m, uint32_t id)
{
    return id && id < m->bound ? &m->ids[id] : NULL;
}

/* The type of id @id (a type id), or NULL if it is not one. */
static inline struct spv_type *spv_type(const struct spv_module *m, uint32_t id)
{
    struct spv_id *e = spv_id(m, id);
    return e && e->kind == SPV_ID_TYPE ? e->t : NULL;
}

/*
 * Compute size, alignment, member offsets and leaf count of type @id (and
 * the types it contains). Returns 0 or -EINVAL with a message in @log.
 */
int spv_type_layout(struct spv_module *m, uint32_t id, char *log, size_t log_size);

/* Integer width or float width of a scalar type; 1 for bool; 64 for pointers. */
uint32_t spv_scalar_bits(const struct spv_type *t);

#endif
