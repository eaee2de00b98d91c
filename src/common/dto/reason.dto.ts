import { IsString, Matches, MaxLength } from 'class-validator';

/** `{ reason }` of a workflow step that must say why (return, suspend, reinstate, reopen …). */
export class ReasonDto {
  /** Why, in words the other side understands; never a child's ID number or name. */
  @IsString() @Matches(/\S/, { message: 'reason must not be blank' }) @MaxLength(2000) reason: string;
}
