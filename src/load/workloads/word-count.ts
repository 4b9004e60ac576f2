/** Words: the reference service's token count, and greenlight's estimate for prompts it sends. */
export function countWords(text: string): number {
  return text.split(/\s+/).filter((word) => word !== '').length;
}
