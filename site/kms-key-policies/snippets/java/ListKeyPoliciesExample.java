// List the key policies of a KMS key
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.ListKeyPoliciesRequest;
import software.amazon.awssdk.services.kms.model.NotFoundException;

public class ListKeyPoliciesExample {
    public static void main(String[] args) {
        try (KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build()) {
            // Replace with the ID or ARN of your KMS key.
            String keyId = "1234abcd-12ab-34cd-56ef-1234567890ab";

            try {
                client.listKeyPoliciesPaginator(ListKeyPoliciesRequest.builder()
                        .keyId(keyId)
                        .build())
                        .policyNames()
                        .forEach(System.out::println);
            } catch (NotFoundException e) {
                System.err.println("NotFoundException: The request was rejected because the specified entity or resource could not be found. "
                        + e.awsErrorDetails().errorMessage());
                throw e;
            }
        }
    }
}
