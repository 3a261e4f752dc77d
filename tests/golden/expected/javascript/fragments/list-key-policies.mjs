// Replace with the ID or ARN of your KMS key.
const keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

const response = await client.send(
  new ListKeyPoliciesCommand({ KeyId: keyId }),
);
console.log(response.PolicyNames);
