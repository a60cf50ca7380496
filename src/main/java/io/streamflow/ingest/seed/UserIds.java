package io.streamflow.ingest.seed;

/** User ids as the exports write them ({@code 7590-VHVEG}), unique per index for a seed. */
final class UserIds {

    private static final long LETTER_SPACE = 26L * 26 * 26 * 26 * 26;
    private static final long ID_SPACE = 10_000L * LETTER_SPACE;
    private static final int HALF_BITS = 19; // 2^38 > ID_SPACE
    private static final long HALF_MASK = (1L << HALF_BITS) - 1;
    private static final int FEISTEL_ROUNDS = 6;

    private UserIds() {
    }

    /** A keyed bijection of [0, ID_SPACE) (Feistel network with cycle walking), so ids are unique. */
    static String of(long seed, long index) {
        long x = index;
        do {
            long left = x >>> HALF_BITS;
            long right = x & HALF_MASK;
            for (int round = 0; round < FEISTEL_ROUNDS; round++) {
                long f = Draws.mix64(Draws.mix64(seed + 0x5EED_1D5L * (round + 1)) ^ right) & HALF_MASK;
                long t = right;
                right = left ^ f;
                left = t;
            }
            x = (left << HALF_BITS) | right;
        } while (x >= ID_SPACE);
        char[] c = new char[10];
        long digits = x / LETTER_SPACE;
        long letters = x % LETTER_SPACE;
        for (int i = 3; i >= 0; i--) {
            c[i] = (char) ('0' + digits % 10);
            digits /= 10;
        }
        c[4] = '-';
        for (int i = 9; i >= 5; i--) {
            c[i] = (char) ('A' + letters % 26);
            letters /= 26;
        }
        return new String(c);
    }
}
