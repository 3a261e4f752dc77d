// Create a client
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

public class CreateClientExample {
    public static void main(String[] args) {
        KmsClient client = KmsClient.builder()
                .region(Region.US_WEST_2)
                .build();
        client.close();
    }
}
