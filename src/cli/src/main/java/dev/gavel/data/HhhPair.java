package dev.gavel.data;

import dev.gavel.AbsoluteRequest;

/**
 * One pair of prometheus_hhh_alignment_eval.json: a human-preferred (chosen) and a dispreferred
 * (rejected) response to the same instruction under the same rubric, without reference answer.
 * Graded absolutely, the pair counts as correct when chosen scores higher.
 *
 * @param id             stable id, "hhh-{index}" (0-based position in the file)
 * @param source         the HHH subset: "helpful", "harmless", "honest" or "other"
 * @param chosen         the preferred response's request
 * @param rejected       the other response's request; same instruction and rubric
 * @param chosenPrompt   the stored prompt of the chosen response
 * @param rejectedPrompt the stored prompt of the rejected response
 */
public record HhhPair(String id, String source, AbsoluteRequest chosen, AbsoluteRequest rejected,
                      String chosenPrompt, String rejectedPrompt) {
}
