import * as iam from 'aws-cdk-lib/aws-iam';
import { IConstruct } from 'constructs';

/**
 * Makes a resource wait for the policy of a role that it names, because Personalize checks the role's permissions
 * when the resource is created. The reference to the role's ARN already orders the role itself.
 */
export function dependOnRolePolicy(resource: IConstruct, role: iam.IRole): void {
  const policy = role.node.tryFindChild('DefaultPolicy');
  if (policy !== undefined) {
    resource.node.addDependency(policy);
  }
}
