// List the key policies of a KMS key
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesRequest;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesResponse;

public class ListKeyPoliciesExample {
    public static void main(String[] args) {
        try (KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the ID or ARN of your KMS key.
            String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

            ListKeyPoliciesResponse response = client.listKeyPolicies(ListKeyPoliciesRequest.builder()
                    .keyId(keyId)
                    .build());
            System.out.println(response.policyNames());
        }
    }
}
