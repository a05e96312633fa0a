/* The phonetic key the candidate index blocks on: a consonant skeleton in which letters
 * that romanisations of one sound swap for each other share a class (c/k/q/g, s/z/ts,
 * sh/ch/zh/j/dzh, b/p, d/t, f/v/w/ph), vowels, h and y drop out, and repeats collapse.
 * An initial vowel leaves a mark so that "Evgeny" and "Yevgeny" still meet while "Ivan"
 * and "Van" do not. It is deliberately coarse: the scorer decides, the key only gathers. */
#include "match_int.h"

#include <string.h>

static bool is_vowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y'; }

size_t mh_match_phonetic(const char *s, size_t n, char out[8])
{
    size_t o = 0;
    char last = 0;
    size_t i = 0;
    if (n && (is_vowel(s[0]) || (n > 1 && (s[0] == 'j' || s[0] == 'y') && is_vowel(s[1])))) {
        out[o++] = '.';
        last = '.';
        i = (s[0] == 'j' || s[0] == 'y') ? 1 : 0;
    }
    for (; i < n && o < 7; i++) {
        char c = s[i], nx = i + 1 < n ? s[i + 1] : 0, k = 0;
        switch (c) {
        case 'b': case 'p':
            k = (c == 'p' && nx == 'h') ? 'F' : 'B';
            if (k == 'F') i++;
            break;
        case 'f': case 'v': case 'w': k = 'F'; break;
        case 'c':
            if (nx == 'h' || nx == 'z') { k = 'X'; i++; }
            else if (nx == 'k') { k = 'K'; i++; }
            else k = (nx == 'e' || nx == 'i' || nx == 'y') ? 'S' : 'K';
            break;
        case 'k': case 'q': case 'g':
            k = 'K';
            if (nx == 'h') i++;
            break;
        case 'x': k = 'K'; if (o < 6 && last != 'K') out[o++] = 'K'; k = 'S'; break;
        case 'd':
            if (nx == 'z' && i + 2 < n && s[i + 2] == 'h') { k = 'X'; i += 2; }
            else if (nx == 'j') { k = 'X'; i++; }
            else k = 'T';
            break;
        case 't':
            if (nx == 's' || nx == 'z') { k = 'S'; i++; }
            else if (nx == 'c' && i + 2 < n && s[i + 2] == 'h') { k = 'X'; i += 2; }
            else k = 'T';
            break;
        case 's':
            if (nx == 'h' || nx == 'z') { k = 'X'; i++; }
            else if (nx == 'c' && i + 2 < n && s[i + 2] == 'h') { k = 'X'; i += 2; }
            else k = 'S';
            break;
        case 'z': k = (nx == 'h') ? 'X' : 'S'; if (nx == 'h') i++; break;
        case 'j': k = 'X'; break;
        case 'l': k = 'L'; break;
        case 'r': k = 'R'; break;
        case 'm': k = 'M'; break;
        case 'n': k = 'N'; break;
        default:
            if (c >= '0' && c <= '9') k = c;
            break; /* vowels, h, y */
        }
        if (k && k != last) out[o++] = k;
        if (k) last = k;
    }
    out[o] = '\0';
    return o;
}
