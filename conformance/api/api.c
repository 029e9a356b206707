/* api category: platform, device, context, program, kernel and object entry points. */
#include "api.h"

#define API_ENTRY(fn) CONF_TEST(fn),
static const struct conf_test api_tests[] = {API_TESTS(API_ENTRY)};
#undef API_ENTRY

CONF_CATEGORY(conf_cat_api, "api",
              "platform/device queries, contexts, programs, kernels, images, samplers, pipes, "
              "timers, and a call through every ICD dispatch slot",
              api_tests);
