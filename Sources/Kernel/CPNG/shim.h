#include <png.h>

/* Swift cannot import PNG_FORMAT_RGBA (a macro built from other macros) or the image version
 * macro reliably; these return them. */
static inline png_uint_32 parley_png_format_rgba(void) { return PNG_FORMAT_RGBA; }
static inline png_uint_32 parley_png_image_version(void) { return PNG_IMAGE_VERSION; }
