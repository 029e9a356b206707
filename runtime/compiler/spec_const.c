/* SPDX-License-Identifier: MIT */
/*
 * Specialization constants: the values given with
 * clSetProgramSpecializationConstant are written into the module's
 * OpSpecConstant / OpSpecConstantTrue / OpSpecConstantFalse instructions
 * (found through their SpecId decorations) before validation and lowering,
 * which then read them as ordinary constants.
 */
#include <stdlib.h>
#include <string.h>

#include "compiler/frontend.h"

#define OP_SPEC_CONSTANT_TRUE  48
#define OP_SPEC_CONSTANT_FALSE 49
#define OP_SPEC_CONSTANT       50
#define OP_DECORATE            71
#define DECORATION_SPEC_ID     1
#define HEADER_WORDS           5

static const struct hmmcl_fe_spec_const *find_spec(uint32_t id,
                                                   const struct hmmcl_fe_spec_const *spec, size_t n)
{
    for (size_t i = n; i--;) {
        if (spec[i].id == id)
            return &spec[i];
    }
    return NULL;
}

int hmmcl_fe_specialize(uint32_t *words, size_t num_words, const struct hmmcl_fe_spec_const *spec,
                        size_t num_spec)
{
    /* result id -> SpecId, for the decorated ids */
    uint32_t bound = num_words > 3 ? words[3] : 0;
    uint32_t *spec_id;

    if (bound > num_words * 4)
        return 0; /* malformed: let the validator say so */
    spec_id = malloc((bound ? bound : 1) * sizeof(*spec_id));
    if (!spec_id)
        return -1;
    memset(spec_id, 0xff, (bound ? bound : 1) * sizeof(*spec_id));
    for (size_t i = HEADER_WORDS; i < num_words;) {
        uint32_t wc = words[i] >> 16, op = words[i] & 0xffff;

        if (!wc || i + wc > num_words)
            break;
        if (op == OP_DECORATE && wc == 4 && words[i + 2] == DECORATION_SPEC_ID &&
            words[i + 1] < bound)
            spec_id[words[i + 1]] = words[i + 3];
        i += wc;
    }
    for (size_t i = HEADER_WORDS; i < num_words;) {
        uint32_t wc = words[i] >> 16, op = words[i] & 0xffff;
        const struct hmmcl_fe_spec_const *s;

        if (!wc || i + wc > num_words)
            break;
        if ((op == OP_SPEC_CONSTANT || op == OP_SPEC_CONSTANT_TRUE ||
             op == OP_SPEC_CONSTANT_FALSE) &&
            wc >= 3 && words[i + 2] < bound && spec_id[words[i + 2]] != UINT32_MAX &&
            (s = find_spec(spec_id[words[i + 2]], spec, num_spec))) {
            if (op == OP_SPEC_CONSTANT) {
                uint64_t v = s->value;

                if (s->size < 8)
                    v &= (1ull << (8 * s->size)) - 1;
                words[i + 3] = (uint32_t)v;
                if (wc >= 5)
                    words[i + 4] = (uint32_t)(v >> 32);
            } else {
                words[i] = (wc << 16) | (s->value ? OP_SPEC_CONSTANT_TRUE : OP_SPEC_CONSTANT_FALSE);
            }
        }
        i += wc;
    }
    free(spec_id);
    return 0;
}
