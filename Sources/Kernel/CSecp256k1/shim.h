#include <secp256k1.h>
#include <secp256k1_ecdh.h>
#include <secp256k1_recovery.h>
#include <secp256k1_extrakeys.h>
#include <string.h>

/* Swift 6 treats the non-const C global as shared mutable state; hand it out through a function. */
static inline const secp256k1_context *parley_secp256k1_context_static(void) {
    return secp256k1_context_static;
}

/* ECDH hash callback that returns the raw, left-padded 32-byte X coordinate (go-ethereum GenerateShared). */
static inline int parley_ecdh_copy_x(unsigned char *output, const unsigned char *x32,
                                     const unsigned char *y32, void *data) {
    (void)y32; (void)data;
    memcpy(output, x32, 32);
    return 1;
}

static inline secp256k1_ecdh_hash_function parley_ecdh_raw_x_function(void) {
    return parley_ecdh_copy_x;
}
