// The "it's your turn" notification's words, around the time the turn ends: the stored body
// (also the mail) puts that time in UTC, the app the reader's own zone (NotificationList).
export type TurnDoing = "buy" | "claim";

export function turnWords(subject: string, doing: TurnDoing): { before: string; after: string } {
  const what = doing === "claim" ? "claim your coupon" : "buy";
  return { before: `It's your turn for ${subject}: you can ${what} until `, after: ". After that, the next in line gets your turn." };
}
