// Modify a key policy
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.PutKeyPolicyRequest;

public class ModifyKeyPolicyExample {
    public static void main(String[] args) throws Exception {
        try (KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            ObjectMapper mapper = new ObjectMapper();
            // Replace with the ID or ARN of your KMS key.
            String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

            // Read the current key policy.
            GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
                    .keyId(keyId)
                    .policyName("default")
                    .build());
            ObjectNode policy = (ObjectNode) mapper.readTree(response.policy());

            // Add a statement for ExampleUser to the policy's statement list.
            ((ArrayNode) policy.at("/Statement")).add(mapper.readTree("""
            {
              "Sid": "Allow access for ExampleUser",
              "Effect": "Allow",
              "Principal": {
                "AWS": "arn:aws:iam::111122223333:user/ExampleUser"
              },
              "Action": [
                "kms:Encrypt",
                "kms:GenerateDataKey*",
                "kms:Decrypt",
                "kms:DescribeKey",
                "kms:ReEncrypt*"
              ],
              "Resource": "*"
            }"""));

            // Write the whole edited policy back.
            client.putKeyPolicy(PutKeyPolicyRequest.builder()
                    .keyId(keyId)
                    .policyName("default")
                    .policy(mapper.writeValueAsString(policy))
                    .build());

            // Read the policy again to confirm the new statement is there.
            response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
                    .keyId(keyId)
                    .policyName("default")
                    .build());
            System.out.println(response.policy());
        }
    }
}
