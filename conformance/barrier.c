/* barrier: placeholder until the category's tests land. */
#include "harness.h"

static void placeholder(conf_t *t)
{
    SKIP("the barrier category has no tests yet");
}

static const struct conf_test tests[] = {
    CONF_TEST(placeholder),
};
CONF_CATEGORY(conf_cat_barrier, "barrier", "placeholder", tests);
