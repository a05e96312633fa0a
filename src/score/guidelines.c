/* SEAD-4 guideline names and the paragraphs the rule pack cites, in short words of our
 * own, for explanations that show the disqualifying condition beside the citation. */
#include "molehunt/mh_score.h"

#include <string.h>

static const char *const names[MH_GUIDELINES] = {
    "Allegiance", "Foreign Influence", "Foreign Preference", "Sexual Behavior", "Personal Conduct",
    "Financial Considerations", "Alcohol Consumption", "Drug Involvement", "Psychological Conditions",
    "Criminal Conduct", "Handling Protected Information", "Outside Activities", "Use of Information Technology",
};

static const struct { const char *code, *text; } paragraphs[] = {
    {"B 7a", "contact with a foreign person that creates a heightened risk of exploitation, inducement or coercion"},
    {"B 7b", "connections that create a conflict of interest"},
    {"B 7c", "failure to report an association with a foreign person, group, government or country when required"},
    {"B 7e", "shared living quarters that create a heightened risk"},
    {"B 7f", "substantial foreign financial, business or property interests"},
    {"B 7g", "unauthorised association with a known or suspected agent or employee of a foreign intelligence entity"},
    {"B 7h", "signs that foreign representatives are acting to increase the person's vulnerability (cultivation, gifts)"},
    {"B 7i", "conduct while abroad that creates vulnerability"},
    {"B 8e", "mitigating: prompt reporting of the contact, request or threat"},
    {"D 13c", "sexual behaviour that causes vulnerability to coercion, exploitation or duress"},
    {"E 16a", "deliberate omission, concealment or falsification of relevant facts on security forms"},
    {"E 16b", "deliberately false or misleading statements to an employer, investigator or security official"},
    {"E 16e", "conduct, or its concealment, that creates vulnerability to a foreign service"},
    {"E 16f", "breaking a written commitment made as a condition of employment"},
    {"E 17a", "mitigating: prompt, good-faith correction before being confronted"},
    {"F 19a", "inability to satisfy debts"},
    {"F 19c", "a history of not meeting financial obligations"},
    {"F 19e", "spending beyond means, excessive indebtedness"},
    {"F 19f", "failure to file or pay federal, state or local tax"},
    {"F 19g", "unexplained affluence: money transfers inconsistent with known legal sources of income"},
    {"F 20f", "mitigating: the affluence comes from a legal source"},
    {"J 31a", "a pattern of minor offences or a single serious crime"},
    {"K 34a", "disclosure of protected information to unauthorised persons"},
    {"K 34d", "efforts to obtain protected information outside need-to-know"},
    {"K 34f", "viewing or downloading information beyond need-to-know"},
    {"M 40a", "unauthorised entry into an information technology system"},
    {"M 40b", "unauthorised modification or destruction of data"},
    {"M 40d", "moving protected data to an unauthorised system"},
    {"M 40f", "introducing, removing or duplicating hardware, software or media without authorisation"},
};

const char *mh_score_guideline_name(char letter)
{
    return letter >= 'A' && letter <= 'M' ? names[letter - 'A'] : NULL;
}

const char *mh_score_paragraph_text(const char *code)
{
    for (size_t i = 0; i < sizeof paragraphs / sizeof paragraphs[0]; i++)
        if (strcmp(paragraphs[i].code, code) == 0) return paragraphs[i].text;
    return NULL;
}
