// Read the key policy of a KMS key
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyRequest;
import software.amazon.awssdk.services.kms.model.GetKeyPolicyResponse;
import software.amazon.awssdk.services.kms.model.NotFoundException;

public class GetKeyPolicyExample {
    public static void main(String[] args) {
        try (KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the ID or ARN of your KMS key.
            String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

            try {
                GetKeyPolicyResponse response = client.getKeyPolicy(GetKeyPolicyRequest.builder()
                        .keyId(keyId)
                        .policyName("default")
                        .build());
                System.out.println(response.policy());
            } catch (NotFoundException e) {
                System.err.println("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
                        + e.awsErrorDetails().errorMessage());
                throw e;
            }
        }
    }
}
